package org.refvlm.spi.support;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import org.refvlm.nn.MatMul;
import org.refvlm.nn.Scalars;

/**
 * The box a grounding map outlines, read from its moments: the softmax over the cells is a
 * distribution on the image, its mean is the box centre and its spread the box size. For a map
 * spread evenly over k cells of width s (what {@link GroundingMapLoss} trains it towards) the
 * variance is s^2 (k^2 - 1) / 12, so {@code sqrt(12 var + s^2)} is exactly k s, the covered width.
 * The box head then only corrects this reference (as Deformable DETR's heads refine reference
 * points) instead of turning attended features into coordinates from nothing.
 */
public final class MapBox {

    /** Keeps the reference strictly inside (0, 1), where its logit is finite. */
    private static final float EDGE = 1e-4f;

    private MapBox() {
    }

    /**
     * @param scores [B, L, N] grounding scores over a height x width grid in raster order
     * @return [B, L, 4] normalised (cx, cy, w, h), in the graph of {@code scores}
     */
    public static NDArray reference(NDArray scores, int height, int width) {
        NDManager m = scores.getManager();
        NDArray p = scores.softmax(-1);                                               // [B, L, N]
        NDArray centres = cellCentres(m, height, width).toType(p.getDataType(), false); // [N, 2] (x, y)
        NDArray mean = MatMul.of(p, centres);                                             // [B, L, 2]
        NDArray meanSquare = MatMul.of(p, centres.square());                              // [B, L, 2]
        NDArray variance = Activation.relu(meanSquare.sub(mean.square()));            // [B, L, 2]
        NDArray cellSize = m.create(new float[] {1f / width, 1f / height}).toType(p.getDataType(), false); // [2]
        NDArray size = Scalars.mul(variance, 12).add(cellSize.square()).sqrt();      // [B, L, 2]
        return mean.concat(size, -1).clip(EDGE, 1 - EDGE);                           // [B, L, 4]
    }

    /** [N, 2]: (x, y) of every cell's centre in (0, 1), raster order. */
    static NDArray cellCentres(NDManager manager, int height, int width) {
        float[] xy = new float[height * width * 2];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int i = y * width + x;
                xy[2 * i] = (x + 0.5f) / width;
                xy[2 * i + 1] = (y + 0.5f) / height;
            }
        }
        return manager.create(xy, new Shape((long) height * width, 2));
    }
}
