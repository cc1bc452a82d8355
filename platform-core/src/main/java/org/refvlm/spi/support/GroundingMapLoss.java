package org.refvlm.spi.support;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.refvlm.nn.Constants;
import org.refvlm.nn.Scalars;

/**
 * The grounding map's loss: for every matched (query, target box) pair, the cross-entropy between
 * the softmax of the query's cell scores and the box spread evenly over the image (each cell
 * weighted by how much of the box's area it holds), summed over pairs and divided by the number of
 * target boxes, like the box loss. A decoder that refines its map layer by layer trains every map
 * towards the same target and takes the mean.
 */
public final class GroundingMapLoss {

    private GroundingMapLoss() {
    }

    /**
     * @param maps    grounding scores, each [B, L, N], N = height x width cells in raster order
     * @param matched the box loss's matched pairs (prediction rows of [B * L], normalised targets)
     * @return the mean over the maps of each map's loss
     */
    public static NDArray loss(List<NDArray> maps, int height, int width, Matching matched) {
        NDArray first = maps.get(0);
        Shape s = first.getShape();
        long cells = s.get(2);
        if (cells != (long) height * width) {
            throw new IllegalArgumentException("grounding scores cover " + cells + " cells, the memory grid has "
                    + height + "x" + width);
        }
        int pairs = matched.size();
        NDManager m = first.getManager();
        // The targets depend on the boxes only: built once for all the maps.
        NDArray target = Constants.of(m, targetMaps(matched.encoded(), pairs, height, width), new Shape(pairs, cells))
                .toType(first.getDataType(), false);                                                           // [K, N]
        NDArray sum = null;
        for (NDArray scores : maps) {
            NDArray picked = matched.gather(scores);                                                          // [K, N]
            NDArray crossEntropy = picked.logSoftmax(-1).mul(target).sum().neg();
            sum = sum == null ? crossEntropy : sum.add(crossEntropy);
        }
        return Scalars.div(sum, (double) matched.totalTargets() * maps.size());
    }

    /**
     * [K * N] per pair: each cell's share of the box's area (the overlap of the cell with the box,
     * over the box's area), so the map's mean and spread are the box's to a fraction of a cell
     * ({@link MapBox}) where a cell-or-nothing target would round every edge to a cell border. A
     * box of no area targets the cell its centre is in.
     */
    static float[] targetMaps(float[] boxes, int pairs, int height, int width) {
        float[] out = new float[pairs * height * width];
        for (int k = 0; k < pairs; k++) {
            double cx = boxes[4 * k], cy = boxes[4 * k + 1], w = boxes[4 * k + 2], h = boxes[4 * k + 3];
            int base = k * height * width;
            double total = 0;
            for (int y = 0; y < height; y++) {
                double rows = overlap((double) y / height, (double) (y + 1) / height, cy - h / 2, cy + h / 2);
                for (int x = 0; x < width; x++) {
                    double area = rows * overlap((double) x / width, (double) (x + 1) / width, cx - w / 2, cx + w / 2);
                    out[base + y * width + x] = (float) area;
                    total += area;
                }
            }
            if (total <= 0) {
                int x = Math.min(width - 1, Math.max(0, (int) (cx * width)));
                int y = Math.min(height - 1, Math.max(0, (int) (cy * height)));
                out[base + y * width + x] = 1;
                total = 1;
            }
            for (int i = 0; i < height * width; i++) {
                out[base + i] = (float) (out[base + i] / total);
            }
        }
        return out;
    }

    /** Length of the overlap of [a0, a1] and [b0, b1]; 0 when they do not meet. */
    private static double overlap(double a0, double a1, double b0, double b1) {
        return Math.max(0, Math.min(a1, b1) - Math.max(a0, b0));
    }
}
