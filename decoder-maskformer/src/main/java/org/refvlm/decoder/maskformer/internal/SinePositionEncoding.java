package org.refvlm.decoder.maskformer.internal;

/**
 * DETR's normalised 2-D sine position encoding of an {@code h x w} grid with no padding mask:
 * per axis the 1-based position is divided by the axis length (+1e-6) and scaled to 2π, then
 * encoded with {@code d/2} frequencies {@code 10000^(2 floor(k/2) / (d/2))}, sin on even and
 * cos on odd channels; the y channels come first, then the x channels. A constant, so it is
 * built on the host.
 */
public final class SinePositionEncoding {

    private static final double TEMPERATURE = 10000;
    private static final double SCALE = 2 * Math.PI;
    private static final double EPS = 1e-6;

    private SinePositionEncoding() {
    }

    /** Row-major {@code [h * w, d]}: token {@code y * w + x} of a flattened map. */
    public static float[] encode(int h, int w, int d) {
        if (d % 2 != 0) {
            throw new IllegalArgumentException("position encoding width must be even, got " + d);
        }
        int half = d / 2;
        double[] frequency = new double[half];
        for (int k = 0; k < half; k++) {
            frequency[k] = Math.pow(TEMPERATURE, 2.0 * (k / 2) / half);
        }
        float[] pe = new float[h * w * d];
        for (int y = 0; y < h; y++) {
            double ye = (y + 1) / (h + EPS) * SCALE;
            for (int x = 0; x < w; x++) {
                double xe = (x + 1) / (w + EPS) * SCALE;
                int base = (y * w + x) * d;
                for (int k = 0; k < half; k++) {
                    double py = ye / frequency[k], px = xe / frequency[k];
                    pe[base + k] = (float) (k % 2 == 0 ? Math.sin(py) : Math.cos(py));
                    pe[base + half + k] = (float) (k % 2 == 0 ? Math.sin(px) : Math.cos(px));
                }
            }
        }
        return pe;
    }
}
