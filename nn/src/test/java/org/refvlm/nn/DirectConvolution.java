package org.refvlm.nn;

import java.util.SplittableRandom;

/**
 * A convolution as the textbook's nested loops, in double, over flat NCHW arrays: the reference
 * the engine's convolution and {@link UnfoldedConvolution} are held to, with its adjoints for the
 * gradients.
 *
 * @param batch batch size
 * @param in    input channels
 * @param out   output channels
 * @param h     input height
 * @param w     input width
 * @param o     kernel, stride, padding, dilation, groups
 */
record DirectConvolution(int batch, int in, int out, int h, int w, ConvOptions o) {

    int outH() {
        return (h + 2 * o.padding() - o.dilation() * (o.kernel() - 1) - 1) / o.stride() + 1;
    }

    int outW() {
        return (w + 2 * o.padding() - o.dilation() * (o.kernel() - 1) - 1) / o.stride() + 1;
    }

    int weightSize() {
        return out * (in / o.groups()) * o.kernel() * o.kernel();
    }

    /** y [B, O, H', W'] for x [B, C, H, W], weight [O, C/g, k, k], bias [O] or null. */
    double[] forward(float[] x, float[] weight, float[] bias) {
        double[] y = new double[batch * out * outH() * outW()];
        visit((yi, xi, wi, oc) -> y[yi] += (double) x[xi] * weight[wi]);
        if (bias != null) {
            int plane = outH() * outW();
            for (int i = 0; i < y.length; i++) {
                y[i] += bias[(i / plane) % out];
            }
        }
        return y;
    }

    /** dL/dx for L = sum(r * y). */
    double[] inputGradient(float[] r, float[] weight) {
        double[] g = new double[batch * in * h * w];
        visit((yi, xi, wi, oc) -> g[xi] += (double) r[yi] * weight[wi]);
        return g;
    }

    /** dL/dweight for L = sum(r * y). */
    double[] weightGradient(float[] r, float[] x) {
        double[] g = new double[weightSize()];
        visit((yi, xi, wi, oc) -> g[wi] += (double) r[yi] * x[xi]);
        return g;
    }

    /** Calls {@code tap} for every (output, input, weight) index triple that one multiply joins. */
    private void visit(Tap tap) {
        int k = o.kernel(), perGroupIn = in / o.groups(), perGroupOut = out / o.groups();
        int oh = outH(), ow = outW();
        for (int n = 0; n < batch; n++) {
            for (int oc = 0; oc < out; oc++) {
                int group = oc / perGroupOut;
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++) {
                        int yi = ((n * out + oc) * oh + i) * ow + j;
                        for (int q = 0; q < perGroupIn; q++) {
                            int c = group * perGroupIn + q;
                            for (int u = 0; u < k; u++) {
                                int row = i * o.stride() - o.padding() + u * o.dilation();
                                if (row < 0 || row >= h) {
                                    continue;
                                }
                                for (int v = 0; v < k; v++) {
                                    int col = j * o.stride() - o.padding() + v * o.dilation();
                                    if (col < 0 || col >= w) {
                                        continue;
                                    }
                                    tap.join(yi, ((n * in + c) * h + row) * w + col, ((oc * perGroupIn + q) * k + u) * k + v, oc);
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    private interface Tap {
        void join(int y, int x, int weight, int outChannel);
    }

    static float[] gaussian(SplittableRandom random, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) random.nextGaussian();
        }
        return a;
    }
}
