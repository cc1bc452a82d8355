package org.refvlm.nn;

/**
 * Separable antialiased bicubic resampling with the same support, weights and float arithmetic
 * as PyTorch's {@code interpolate(mode="bicubic", antialias=True)}: when shrinking, the Keys
 * kernel (a = -0.5) is stretched by the scale so every input pixel contributes; weights are
 * normalised per output pixel; the width is resampled first, then the height.
 */
public final class AntialiasedBicubic {
    private static final float A = -0.5f;

    private AntialiasedBicubic() {
    }

    /** src [inH * inW] row-major to [outH * outW]. */
    public static float[] resize(float[] src, int inH, int inW, int outH, int outW) {
        float[] horizontal = new float[inH * outW];
        Weights wx = weights(inW, outW);
        for (int y = 0; y < inH; y++) {
            for (int x = 0; x < outW; x++) {
                horizontal[y * outW + x] = wx.apply(src, y * inW, 1, x);
            }
        }
        float[] out = new float[outH * outW];
        Weights wy = weights(inH, outH);
        for (int y = 0; y < outH; y++) {
            for (int x = 0; x < outW; x++) {
                out[y * outW + x] = wy.apply(horizontal, x, outW, y);
            }
        }
        return out;
    }

    /** Filter taps of every output index along one axis. */
    private record Weights(int[] start, int[] size, float[][] w) {
        float apply(float[] data, int base, int stride, int o) {
            float[] ws = w[o];
            int s = start[o];
            float t = data[base + s * stride] * ws[0];
            for (int j = 1; j < size[o]; j++) {
                t += data[base + (s + j) * stride] * ws[j];
            }
            return t;
        }
    }

    private static Weights weights(int in, int out) {
        // Mixed float/double arithmetic mirrors the C++ expression types in PyTorch's kernel, so
        // the weights round identically and 8-bit rounding of the result flips no pixel.
        float scale = (float) in / out;
        float support = scale >= 1f ? (float) (2.0 * scale) : 2f;
        float invScale = scale >= 1f ? (float) (1.0 / scale) : 1f;
        int maxSize = (int) Math.ceil(support) * 2 + 1;
        int[] start = new int[out];
        int[] size = new int[out];
        float[][] w = new float[out][];
        for (int i = 0; i < out; i++) {
            float center = (float) (scale * (i + 0.5));
            int xmin = (int) Math.max((long) ((double) (center - support) + 0.5), 0L);
            int xsize = (int) (Math.min((long) ((double) (center + support) + 0.5), in) - xmin);
            xsize = Math.max(0, Math.min(xsize, maxSize));
            float[] ws = new float[Math.max(xsize, 1)];
            float total = 0f;
            for (int j = 0; j < xsize; j++) {
                float v = filter((float) (((double) ((float) (j + xmin) - center) + 0.5) * invScale));
                ws[j] = v;
                total += v;
            }
            if (total != 0f) {
                for (int j = 0; j < xsize; j++) {
                    ws[j] /= total;
                }
            }
            start[i] = xmin;
            size[i] = Math.max(xsize, 1);
            w[i] = ws;
        }
        return new Weights(start, size, w);
    }

    /**
     * 8-bit path, as PyTorch resizes uint8 images (what torchvision hands it): weights computed in
     * double, quantised to int16 with the largest precision that keeps the biggest weight below
     * 2^15, integer accumulation with rounding, and the horizontal pass saturated to 0..255
     * before the vertical pass (so overshoot at sharp edges is clipped in between).
     *
     * @param src [inH * inW] values 0..255
     * @return [outH * outW] values 0..255
     */
    public static int[] resizeUint8(int[] src, int inH, int inW, int outH, int outW) {
        int[] horizontal;
        if (inW != outW) {
            horizontal = new int[inH * outW];
            IntWeights wx = intWeights(inW, outW);
            for (int y = 0; y < inH; y++) {
                for (int x = 0; x < outW; x++) {
                    horizontal[y * outW + x] = wx.apply(src, y * inW, 1, x);
                }
            }
        } else {
            horizontal = src.clone();
        }
        if (inH == outH) {
            return horizontal;
        }
        int[] out = new int[outH * outW];
        IntWeights wy = intWeights(inH, outH);
        for (int y = 0; y < outH; y++) {
            for (int x = 0; x < outW; x++) {
                out[y * outW + x] = wy.apply(horizontal, x, outW, y);
            }
        }
        return out;
    }

    private record IntWeights(int[] start, int[] size, int[][] w, int precision) {
        int apply(int[] data, int base, int stride, int o) {
            int[] ws = w[o];
            int s = start[o];
            int acc = 1 << (precision - 1);
            for (int j = 0; j < size[o]; j++) {
                acc += data[base + (s + j) * stride] * ws[j];
            }
            return Math.max(0, Math.min(255, acc >> precision));
        }
    }

    private static IntWeights intWeights(int in, int out) {
        double scale = (double) in / out;
        double support = scale >= 1.0 ? 2.0 * scale : 2.0;
        double invScale = scale >= 1.0 ? 1.0 / scale : 1.0;
        int maxSize = (int) Math.ceil(support) * 2 + 1;
        int[] start = new int[out];
        int[] size = new int[out];
        double[][] wd = new double[out][];
        double maxWeight = 0;
        for (int i = 0; i < out; i++) {
            double center = scale * (i + 0.5);
            int xmin = (int) Math.max((long) (center - support + 0.5), 0L);
            int xsize = (int) (Math.min((long) (center + support + 0.5), in) - xmin);
            xsize = Math.max(0, Math.min(xsize, maxSize));
            double[] ws = new double[xsize];
            double total = 0;
            for (int j = 0; j < xsize; j++) {
                ws[j] = filter((j + xmin - center + 0.5) * invScale);
                total += ws[j];
            }
            if (total != 0) {
                for (int j = 0; j < xsize; j++) {
                    ws[j] /= total;
                    maxWeight = Math.max(maxWeight, ws[j]);
                }
            }
            start[i] = xmin;
            size[i] = xsize;
            wd[i] = ws;
        }
        int precision;
        for (precision = 0; precision < 22; precision++) {
            int next = (int) (0.5 + maxWeight * (1 << (precision + 1)));
            if (next >= (1 << 15)) {
                break;
            }
        }
        int[][] wi = new int[out][];
        for (int i = 0; i < out; i++) {
            wi[i] = new int[wd[i].length];
            for (int j = 0; j < wd[i].length; j++) {
                double v = wd[i][j] * (1 << precision);
                wi[i][j] = (short) (v < 0 ? v - 0.5 : v + 0.5);
            }
        }
        return new IntWeights(start, size, wi, precision);
    }

    /** Keys kernel in double precision (a = -0.5). */
    private static double filter(double x) {
        x = Math.abs(x);
        if (x < 1.0) {
            return ((A + 2.0) * x - (A + 3.0)) * x * x + 1.0;
        }
        if (x < 2.0) {
            return ((A * x - 5.0 * A) * x + 8.0 * A) * x - 4.0 * A;
        }
        return 0.0;
    }

    /** Keys cubic convolution kernel with a = -0.5. */
    private static float filter(float x) {
        x = Math.abs(x);
        if (x < 1f) {
            return ((A + 2f) * x - (A + 3f)) * x * x + 1f;
        }
        if (x < 2f) {
            return ((A * x - 5f * A) * x + 8f * A) * x - 4f * A;
        }
        return 0f;
    }
}
