package org.refvlm.decoder.groundingdino.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.refvlm.nn.Constants;
import org.refvlm.nn.Scalars;

/**
 * Bilinear sampling of a feature map at fractional locations, as PyTorch's
 * {@code grid_sample(mode="bilinear", padding_mode="zeros", align_corners=False)} does it, written
 * with row lookups so it has gradients (towards the values and, through the interpolation weights,
 * the locations) and runs on whatever device the arrays live on.
 */
final class BilinearSampler {

    private BilinearSampler() {
    }

    /**
     * @param value [N, h * w, c] a map per row N (batch times heads), raster order
     * @param x     [N, K] horizontal locations in [0, 1] (0 the left edge of the first pixel)
     * @param y     [N, K] vertical locations in [0, 1]
     * @return [N, K, c]; corners outside the map contribute zero
     */
    static NDArray sample(NDArray value, int h, int w, NDArray x, NDArray y) {
        long n = value.getShape().get(0);
        long c = value.getShape().get(2);
        long k = x.getShape().get(1);
        // rows of all maps in one table, so a corner is one row lookup: [N * h * w, c]
        NDArray table = value.reshape(n * h * w, c);
        long[] starts = new long[(int) n];
        for (int i = 0; i < n; i++) {
            starts[i] = (long) i * h * w;
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
