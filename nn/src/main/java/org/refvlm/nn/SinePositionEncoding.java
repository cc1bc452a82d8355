package org.refvlm.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fixed sine position encodings. Constants, computed on the host once per size and cached.
 *
 * <ul>
 * <li>{@link #grid}: DETR's normalised 2-D encoding of an unpadded {@code h x w} grid, flattened in
 * raster order. Each axis gets {@code d/2} channels, the row (y) channels first, then the column
 * (x) ones. A coordinate is the 1-based count along its axis divided by the axis length (+1e-6)
 * and scaled to {@code [0, 2 pi]}; channel {@code k} divides it by
 * {@code 10000^(2 floor(k/2) / (d/2))} and takes the sine for even {@code k}, the cosine for odd.</li>
 * <li>{@link #sequence}: the original transformer's 1-D encoding of positions {@code 0..n-1}:
 * channel {@code 2i} is {@code sin(p / 10000^(2i/d))}, channel {@code 2i+1} the cosine of the same.</li>
 * </ul>
 */
public final class SinePositionEncoding {

    private static final double TEMPERATURE = 10000;
    private static final double EPS = 1e-6;
    private static final Map<String, float[]> CACHE = new ConcurrentHashMap<>();

    private SinePositionEncoding() {
    }

    /** Row-major {@code [h * w, d]}: token {@code y * w + x} of a flattened map (a copy the caller owns). */
    public static float[] grid(int h, int w, int d) {
        return cachedGrid(h, w, d).clone();
    }

    /** {@link #grid(int, int, int)} as a constant {@code [h * w, d]} on {@code manager}. */
    public static NDArray grid(NDManager manager, int h, int w, int d) {
        return Constants.of(manager, cachedGrid(h, w, d), new Shape((long) h * w, d));
    }

    /** Row-major {@code [n, d]}: position {@code p} in row {@code p} (a copy the caller owns). */
    public static float[] sequence(int n, int d) {
        return cachedSequence(n, d).clone();
    }

    /** {@link #sequence(int, int)} as a constant {@code [n, d]} on {@code manager}. */
    public static NDArray sequence(NDManager manager, int n, int d) {
        return Constants.of(manager, cachedSequence(n, d), new Shape(n, d));
    }

    // Constants.of copies into engine memory, so the cached arrays never leave this class.
    private static float[] cachedGrid(int h, int w, int d) {
        if (d <= 0 || d % 2 != 0) {
            throw new IllegalArgumentException("a 2-D sine encoding needs an even width (half per axis), got " + d);
        }
        if (h <= 0 || w <= 0) {
            throw new IllegalArgumentException("a 2-D sine encoding needs a grid of at least 1x1, got " + h + "x" + w);
        }
        return CACHE.computeIfAbsent("grid " + h + "x" + w + "x" + d, key -> computeGrid(h, w, d));
    }

    private static float[] cachedSequence(int n, int d) {
        if (d <= 0 || d % 2 != 0) {
            throw new IllegalArgumentException("a 1-D sine encoding needs an even width, got " + d);
        }
        if (n <= 0) {
            throw new IllegalArgumentException("a 1-D sine encoding needs at least one position, got " + n);
        }
        return CACHE.computeIfAbsent("sequence " + n + "x" + d, key -> computeSequence(n, d));
    }

    private static float[] computeGrid(int h, int w, int d) {
        int half = d / 2;
        double[] frequency = new double[half];
        for (int k = 0; k < half; k++) {
            frequency[k] = Math.pow(TEMPERATURE, 2.0 * (k / 2) / half);
        }
        float[] pe = new float[h * w * d];
        for (int y = 0; y < h; y++) {
            double ye = (y + 1) / (h + EPS) * 2 * Math.PI;
            for (int x = 0; x < w; x++) {
                double xe = (x + 1) / (w + EPS) * 2 * Math.PI;
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

    private static float[] computeSequence(int n, int d) {
        float[] pe = new float[n * d];
        for (int p = 0; p < n; p++) {
            for (int i = 0; i < d / 2; i++) {
                double angle = p / Math.pow(TEMPERATURE, 2.0 * i / d);
                pe[p * d + 2 * i] = (float) Math.sin(angle);
                pe[p * d + 2 * i + 1] = (float) Math.cos(angle);
            }
        }
        return pe;
    }
}
