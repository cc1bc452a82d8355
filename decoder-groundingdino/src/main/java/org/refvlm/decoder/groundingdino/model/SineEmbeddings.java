package org.refvlm.decoder.groundingdino.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.refvlm.nn.Constants;
import org.refvlm.nn.Scalars;

/**
 * Grounding DINO's two sine encodings. Both give each coordinate {@code f} channels: channel
 * {@code k} divides the coordinate by {@code T^(2 floor(k/2) / f)}, even channels take the sine,
 * odd ones the cosine (so they interleave).
 * <ul>
 * <li>{@link #grid}: DETR's image encoding with its own temperature (20 in Grounding DINO): the
 * 1-based row and column counts over the side (+1e-6), scaled to 2 pi; rows' channels first.</li>
 * <li>{@link #coordinates}: coordinates already in [0, 1] (reference boxes, text position ids),
 * scaled by 2 pi, temperature 10000; for boxes (x, y, w, h) the x and y blocks trade places.</li>
 * </ul>
 */
final class SineEmbeddings {

    private static final Map<String, float[]> CACHE = new ConcurrentHashMap<>();

    private SineEmbeddings() {
    }

    /** [h * w, d], raster order; a constant. */
    static NDArray grid(NDManager m, int h, int w, int d, double temperature) {
        float[] values = CACHE.computeIfAbsent("grid " + h + "x" + w + "x" + d + "/" + temperature,
                k -> computeGrid(h, w, d, temperature));
        return Constants.of(m, values, new Shape((long) h * w, d));
    }

    private static float[] computeGrid(int h, int w, int d, double temperature) {
        int half = d / 2;
        float[] out = new float[h * w * d];
        for (int y = 0; y < h; y++) {
            double ye = (y + 1) / (h + 1e-6) * 2 * Math.PI;
            for (int x = 0; x < w; x++) {
                double xe = (x + 1) / (w + 1e-6) * 2 * Math.PI;
                int base = (y * w + x) * d;
                for (int k = 0; k < half; k++) {
                    double f = Math.pow(temperature, 2.0 * (k / 2) / half);
                    out[base + k] = (float) (k % 2 == 0 ? Math.sin(ye / f) : Math.cos(ye / f));
                    out[base + half + k] = (float) (k % 2 == 0 ? Math.sin(xe / f) : Math.cos(xe / f));
                }
            }
        }
        return out;
    }

    /**
     * @param pos        [..., n] coordinates (n = 4 for boxes, 1 for text positions)
     * @param features   channels per coordinate
     * @param exchangeXy whether the first two coordinates' blocks trade places (boxes)
     * @return [..., n * features]
     */
    static NDArray coordinates(NDArray pos, int features, boolean exchangeXy) {
        NDManager m = pos.getManager();
        float[] inv = new float[features];
        float[] even = new float[features];
        for (int k = 0; k < features; k++) {
            inv[k] = (float) (2 * Math.PI / Math.pow(10000, 2.0 * (k / 2) / features));
            even[k] = k % 2 == 0 ? 1f : 0f;
        }
        NDArray scale = Constants.of(m, inv, new Shape(features));                     // [f]
        NDArray sinMask = Constants.of(m, even, new Shape(features));                  // [f]
        NDArray cosMask = Scalars.mul(sinMask, -1).add(1f);
        int n = (int) pos.getShape().get(pos.getShape().dimension() - 1);
        NDArray[] blocks = new NDArray[n];
        for (int i = 0; i < n; i++) {
            NDArray t = pos.get("..., {}:{}", i, i + 1).mul(scale);                    // [..., f]
            blocks[i] = t.sin().mul(sinMask).add(t.cos().mul(cosMask));
        }
        if (exchangeXy && n >= 2) {
            NDArray x = blocks[0];
            blocks[0] = blocks[1];
            blocks[1] = x;
        }
        return n == 1 ? blocks[0] : NDArrays.concat(new NDList(blocks), -1);
    }
}
