package org.refvlm.spi.support;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import org.refvlm.core.matching.BoxOps;
import org.refvlm.core.matching.GroupedHungarianMatcher;
import org.refvlm.nn.Scalars;

/**
 * DETR's box cost and loss for box decoders: {@code l1Weight * L1 + giouWeight * (1 - GIoU)} on
 * normalised {@code (cx, cy, w, h)} boxes, the same weights matching pairs and training them.
 */
public final class BoxLosses {

    private BoxLosses() {
    }

    /** The matching cost {@code l1Weight * L1 - giouWeight * GIoU}, for {@link TargetMatcher} with {@link BoxTargets}. */
    public static PairCost cost(double l1Weight, double giouWeight) {
        return (predicted, targets, samples) -> GroupedHungarianMatcher.boxCost(predicted, targets, l1Weight, giouWeight);
    }

    /**
     * {@code (l1Weight * sum |b - t|_1 + giouWeight * sum (1 - GIoU(b, t))) / T} over the matched
     * pairs, {@code T} the number of target boxes in the batch, as DETR normalises.
     *
     * @param predicted [B, L, 4] normalised (cx, cy, w, h), in the caller's autograd graph
     * @param matched   pairs found with {@link BoxTargets}
     * @return scalar in the same graph; zero but still connected to the predictions when nothing was matched
     */
    public static NDArray loss(NDArray predicted, Matching matched, double l1Weight, double giouWeight) {
        int pairs = matched.size();
        if (pairs == 0) {
            return Scalars.zeroLike(predicted);
        }
        NDArray p = matched.gather(predicted);                                        // [K, 4], in the graph
        NDArray t = matched.targetTensor(predicted.getManager()).toType(p.getDataType(), false); // [K, 4]
        NDArray l1 = p.sub(t).abs().sum();
        // Pairwise GIoU of [K, 1, 4] against [K, 1, 4] gives each pair's own GIoU as [K, 1, 1].
        NDArray giou = BoxOps.generalizedIou(BoxOps.centreToCorners(p).reshape(new Shape(pairs, 1, 4)),
                BoxOps.centreToCorners(t).reshape(new Shape(pairs, 1, 4)));
        NDArray giouLoss = giou.neg().add(1f).sum();
        NDArray weighted = Scalars.mul(l1, l1Weight).add(Scalars.mul(giouLoss, giouWeight));
        return Scalars.div(weighted, matched.totalTargets());
    }
}
