package org.refvlm.decoder.detr.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import org.refvlm.tensor.Scalars;

/**
 * The grounding map's loss: for every matched (query, target box) pair, the cross-entropy between
 * the softmax of the query's cell scores and a uniform distribution over the cells whose centres
 * lie inside the box (the cell nearest the box centre when the box is smaller than a cell),
 * summed over pairs and divided by the number of target boxes, like the box loss.
 */
public final class AlignmentLoss {

    private AlignmentLoss() {
    }

    /**
     * @param scores  [B, L, N] grounding scores, N = height x width cells in raster order
     * @param matched the box loss's matched pairs (prediction rows of [B * L], normalised targets)
     */
    public static NDArray loss(NDArray scores, int height, int width, GroupedBoxLoss.Matched matched) {
        Shape s = scores.getShape();
        long cells = s.get(2);
        if (cells != (long) height * width) {
            throw new IllegalArgumentException("grounding scores cover " + cells + " cells, the memory grid has "
                    + height + "x" + width);
        }
        int pairs = matched.rows().length;
        NDArray rows = scores.reshape(s.get(0) * s.get(1), cells).get(scores.getManager().create(matched.rows())); // [K, N]
        NDArray target = scores.getManager().create(targetMaps(matched.targets(), pairs, height, width),
                new Shape(pairs, cells)).toType(rows.getDataType(), false);                                    // [K, N]
        NDArray crossEntropy = rows.logSoftmax(-1).mul(target).sum().neg();
        return Scalars.div(crossEntropy, matched.totalTargets());
    }

    /** [K * N] per pair, 1/|inside| on the cells inside its box. */
    static float[] targetMaps(float[] boxes, int pairs, int height, int width) {
        float[] out = new float[pairs * height * width];
        for (int k = 0; k < pairs; k++) {
            double cx = boxes[4 * k], cy = boxes[4 * k + 1], w = boxes[4 * k + 2], h = boxes[4 * k + 3];
            int base = k * height * width;
            int inside = 0;
            for (int y = 0; y < height; y++) {
                double py = (y + 0.5) / height;
                for (int x = 0; x < width; x++) {
                    double px = (x + 0.5) / width;
                    if (Math.abs(px - cx) <= w / 2 && Math.abs(py - cy) <= h / 2) {
                        out[base + y * width + x] = 1;
                        inside++;
                    }
                }
            }
            if (inside == 0) {
                int x = Math.min(width - 1, Math.max(0, (int) (cx * width)));
                int y = Math.min(height - 1, Math.max(0, (int) (cy * height)));
                out[base + y * width + x] = 1;
                inside = 1;
            }
            for (int i = 0; i < height * width; i++) {
                out[base + i] /= inside;
            }
        }
        return out;
    }
}
