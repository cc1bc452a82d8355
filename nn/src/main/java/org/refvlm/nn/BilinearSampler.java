package org.refvlm.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Bilinear sampling of a feature map at fractional locations, as PyTorch's
 * {@code grid_sample(mode="bilinear", padding_mode="zeros", align_corners=False)} does it, written
 * with row lookups so it has gradients (towards the values and, through the interpolation weights,
 * the locations) and runs on whatever device the arrays live on. Grounding DINO's deformable
 * attention samples its values with it, the keypoint decoder's point refiner the picture around
 * each point.
 */
public final class BilinearSampler {

    private BilinearSampler() {
    }

    /**
     * @param value [N, h * w, c] a map per row N (batch times heads), raster order
     * @param x     [N, K] horizontal locations in [0, 1] (0 the left edge of the first pixel)
     * @param y     [N, K] vertical locations in [0, 1]
     * @return [N, K, c]; corners outside the map contribute zero
     */
    public static NDArray sample(NDArray value, int h, int w, NDArray x, NDArray y) {
        long[] maps = new long[(int) value.getShape().get(0)];
        for (int i = 0; i < maps.length; i++) {
            maps[i] = i;
        }
        return sample(value, h, w, x, y, maps);
    }

    /**
     * Samples row i of the locations from map {@code maps[i]}, so several rows can read one map
     * without copying it.
     *
     * @param value [M, h * w, c] M maps, raster order
     * @param x     [N, K] horizontal locations in [0, 1] (0 the left edge of the first pixel)
     * @param y     [N, K] vertical locations in [0, 1]
     * @param maps  N map indices in [0, M)
     * @return [N, K, c]; corners outside the map contribute zero
     * @throws IllegalArgumentException when {@code maps} does not give one map of value per row
     */
    public static NDArray sample(NDArray value, int h, int w, NDArray x, NDArray y, long[] maps) {
        long m = value.getShape().get(0);
        long c = value.getShape().get(2);
        long n = x.getShape().get(0);
        long k = x.getShape().get(1);
        if (maps.length != n) {
            throw new IllegalArgumentException(n + " rows of locations but " + maps.length + " map indices");
        }
        // rows of all maps in one table, so a corner is one row lookup: [M * h * w, c]
        NDArray table = value.reshape(m * h * w, c);
        long[] starts = new long[(int) n];
        for (int i = 0; i < n; i++) {
            if (maps[i] < 0 || maps[i] >= m) {
                throw new IllegalArgumentException("row " + i + " reads map " + maps[i] + " of " + m);
            }
            starts[i] = maps[i] * h * w;
        }
        NDArray rowStart = Constants.owned(x.getManager().create(starts, new Shape(n, 1)));          // [N, 1]
        // pixel coordinates with pixel centres at integers (align_corners=False)
        NDArray px = Scalars.mul(x, w).sub(0.5f);                                       // [N, K]
        NDArray py = Scalars.mul(y, h).sub(0.5f);
        NDArray x0 = px.stopGradient().floor();
        NDArray y0 = py.stopGradient().floor();
        NDArray fx = px.sub(x0);                                                         // in the graph
        NDArray fy = py.sub(y0);
        NDArray gx = fx.neg().add(1f);
        NDArray gy = fy.neg().add(1f);
        NDArray out = null;
        for (int corner = 0; corner < 4; corner++) {
            int dx = corner % 2;
            int dy = corner / 2;
            NDArray xi = dx == 0 ? x0 : x0.add(1f);
            NDArray yi = dy == 0 ? y0 : y0.add(1f);
            NDArray inside = xi.gte(0f).logicalAnd(xi.lte(w - 1f)).logicalAnd(yi.gte(0f)).logicalAnd(yi.lte(h - 1f))
                    .toType(DataType.FLOAT32, false);                                      // [N, K]
            NDArray weight = (dx == 0 ? gx : fx).mul(dy == 0 ? gy : fy).mul(inside);       // [N, K]
            NDArray index = Scalars.mul(yi.clip(0, h - 1), w).add(xi.clip(0, w - 1))
                    .toType(DataType.INT64, false);                                        // [N, K]
            // a row index per sample, not per channel: the index stays c times smaller than a gather's
            NDArray rows = index.add(rowStart).reshape(n * k);                              // [N * K]
            NDArray picked = table.get(rows).reshape(n, k, c);                             // [N, K, c]
            NDArray term = picked.mul(weight.expandDims(-1));
            out = out == null ? term : out.add(term);
        }
        return out;
    }
}
