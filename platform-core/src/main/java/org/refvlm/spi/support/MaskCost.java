package org.refvlm.spi.support;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.function.IntFunction;
import org.refvlm.core.matching.GroupedHungarianMatcher;

/**
 * The matching cost of mask decoders: {@code focalWeight * focal + diceWeight * dice} between
 * each group's mask logits and its targets, over the cells of the group's real image only
 * (Mask2Former's cost, with REF-VLM's weights 20 and 1 by default).
 */
public final class MaskCost implements PairCost {

    /**
     * The logit given to padding cells for matching only: at this value both the focal and the
     * dice cost of a cell whose target is 0 vanish, so the cost sees only the real image.
     */
    private static final float PADDING_LOGIT = -1e4f;

    private final double focalWeight;
    private final double diceWeight;
    private final IntFunction<float[]> validCells;

    /**
     * @param validCells per sample, its grid's cells that lie in the real image (1) or the padding (0),
     *                   e.g. from {@link MaskGrid#nearestValid} or {@link MaskGrid#coverageValid}
     */
    public MaskCost(double focalWeight, double diceWeight, IntFunction<float[]> validCells) {
        this.focalWeight = focalWeight;
        this.diceWeight = diceWeight;
        this.validCells = validCells;
    }

    /**
     * @param predicted [G, N, H, W] logits
     * @param targets   [G, M, H * W] targets in [0, 1]
     * @return [G, N, M]
     */
    @Override
    public NDArray cost(NDArray predicted, NDArray targets, int[] groupSamples) {
        Shape s = predicted.getShape();
        long g = s.get(0), n = s.get(1), pixels = s.get(2) * s.get(3);
        float[] valid = new float[(int) (g * pixels)];
        for (int i = 0; i < g; i++) {
            System.arraycopy(validCells.apply(groupSamples[i]), 0, valid, (int) (i * pixels), (int) pixels);
        }
        NDArray p = predicted.reshape(g, n, pixels);                                           // [G, N, P]
        NDArray v = predicted.getManager().create(valid, new Shape(g, 1, pixels)).toType(p.getDataType(), false);
        p = p.mul(v).add(v.sub(1f).mul(-PADDING_LOGIT));                                       // padding -> PADDING_LOGIT
        return GroupedHungarianMatcher.maskCost(p, targets, focalWeight, diceWeight);         // [G, N, M]
    }
}
