package org.refvlm.decoder.detr.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * DETR's 2-D sine position encoding of an unpadded {@code H x W} grid, flattened in raster order:
 * each axis gets {@code dModel/2} channels; the row (y) channels come first, then the column (x)
 * ones. A coordinate is the running count along its axis normalised by the last count (eps
 * 1e-6) and scaled to {@code [0, 2 pi]}; channel {@code k} divides it by
 * {@code 10000^(2 floor(k/2) / (dModel/2))} and takes the sine for even {@code k}, the cosine for odd.
 * The encoding depends only on the grid, so it is computed once per grid size and cached.
 */
public final class SinePositionEncoding {

    private static final double TEMPERATURE = 10000;
    private static final double EPS = 1e-6;

    private final int dModel;
    private final Map<Long, float[]> cache = new ConcurrentHashMap<>();

    public SinePositionEncoding(int dModel) {
        this.dModel = dModel;
    }

    /** [H * W, dModel], constant (no gradient), created on {@code manager}. */
    public NDArray encode(NDManager manager, int height, int width) {
        float[] values = cache.computeIfAbsent(((long) height << 32) | width, key -> compute(height, width));
        return manager.create(values, new Shape((long) height * width, dModel));
    }

    private float[] compute(int height, int width) {
        int perAxis = dModel / 2;
        double[] inverseFrequency = new double[perAxis];
        for (int k = 0; k < perAxis; k++) {
            inverseFrequency[k] = 1 / Math.pow(TEMPERATURE, 2.0 * (k / 2) / perAxis);
        }
        double[] yChannels = axis(height, inverseFrequency);  // [H, perAxis]
        double[] xChannels = axis(width, inverseFrequency);   // [W, perAxis]
        float[] out = new float[height * width * dModel];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int base = (y * width + x) * dModel;
                for (int k = 0; k < perAxis; k++) {
                    out[base + k] = (float) yChannels[y * perAxis + k];
                    out[base + perAxis + k] = (float) xChannels[x * perAxis + k];
                }
            }
        }
        return out;
    }

    /** [n, perAxis]: the encoding of positions 1..n along one axis. */
    private static double[] axis(int n, double[] inverseFrequency) {
        int perAxis = inverseFrequency.length;
        double[] out = new double[n * perAxis];
        for (int i = 0; i < n; i++) {
            double coordinate = (i + 1) / (n + EPS) * 2 * Math.PI;
            for (int k = 0; k < perAxis; k++) {
                double angle = coordinate * inverseFrequency[k];
                out[i * perAxis + k] = k % 2 == 0 ? Math.sin(angle) : Math.cos(angle);
            }
        }
        return out;
    }
}
