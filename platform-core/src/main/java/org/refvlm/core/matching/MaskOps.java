package org.refvlm.core.matching;

import ai.djl.ndarray.NDArray;
import org.refvlm.nn.MatMul;
import org.refvlm.nn.Scalars;
import ai.djl.nn.Activation;

/**
 * Mask losses and their pairwise matching costs on flattened masks: predictions are logits
 * {@code [..., N, P]}, targets are 0/1 {@code [..., M, P]} over the same P pixels (or sampled points).
 */
public final class MaskOps {

    private MaskOps() {
    }

    /**
     * Element-wise sigmoid focal loss (RetinaNet): binary cross-entropy scaled by
     * {@code (1 - p_t)^gamma} and weighted by {@code alpha} for positives, {@code 1 - alpha} for negatives.
     */
    public static NDArray sigmoidFocal(NDArray logits, NDArray targets, double alpha, double gamma) {
        NDArray p = Activation.sigmoid(logits);
        NDArray ce = bceWithLogits(logits, targets);
        NDArray pT = p.mul(targets).add(p.neg().add(1).mul(targets.neg().add(1)));
        NDArray loss = ce.mul(Scalars.pow(pT.neg().add(1), gamma));
        if (alpha >= 0) {
            NDArray alphaT = Scalars.mul(targets, alpha).add(Scalars.mul(targets.neg().add(1), 1 - alpha));
            loss = loss.mul(alphaT);
        }
        return loss;
    }

    /** max(x, 0) - x*y + log(1 + exp(-|x|)), stable for large |x|. */
    static NDArray bceWithLogits(NDArray x, NDArray y) {
        return x.clip(0, Float.MAX_VALUE).sub(x.mul(y)).add(x.abs().neg().exp().add(1).log());
    }

    /**
     * Pairwise focal cost: the mean over pixels of the focal loss of prediction n against target
     * m, {@code [..., N, P] x [..., M, P] -> [..., N, M]}. Expands as two matrix products: the loss
     * of a pixel is its positive-target term when y = 1 and its negative-target term when y = 0.
     */
    public static NDArray pairwiseFocal(NDArray logits, NDArray targets, double alpha, double gamma) {
        long pixels = logits.getShape().get(logits.getShape().dimension() - 1);
        NDArray p = Activation.sigmoid(logits);
        NDArray pos = Scalars.mul(bceWithLogits(logits, logits.onesLike()).mul(Scalars.pow(p.neg().add(1), gamma)), alpha);
        NDArray neg = Scalars.mul(bceWithLogits(logits, logits.zerosLike()).mul(Scalars.pow(p, gamma)), 1 - alpha);
        NDArray t = targets.transpose(swapLast(targets.getShape().dimension()));         // [..., P, M]
        return Scalars.div(MatMul.of(pos, t).add(MatMul.of(neg, t.neg().add(1))), pixels);
    }

    /** Pairwise dice cost {@code 1 - (2 sum(p y) + 1) / (sum p + sum y + 1)}: {@code [..., N, M]}. */
    public static NDArray pairwiseDice(NDArray logits, NDArray targets) {
        NDArray p = Activation.sigmoid(logits);
        NDArray t = targets.transpose(swapLast(targets.getShape().dimension()));         // [..., P, M]
        NDArray numerator = Scalars.mul(MatMul.of(p, t), 2).add(1);
        NDArray denominator = p.sum(new int[] {-1}).expandDims(-1).add(targets.sum(new int[] {-1}).expandDims(-2)).add(1);
        return numerator.div(denominator).neg().add(1);
    }

    private static int[] swapLast(int rank) {
        int[] axes = new int[rank];
        for (int i = 0; i < rank; i++) {
            axes[i] = i;
        }
        axes[rank - 1] = rank - 2;
        axes[rank - 2] = rank - 1;
        return axes;
    }
}
