package org.refvlm.spi.support;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import org.refvlm.nn.Scalars;

/**
 * Per-mask losses over each mask's valid pixels, for training mask decoders on matched pairs:
 * sigmoid focal (RetinaNet's, alpha 0.25, gamma 2), binary cross-entropy, and dice. Autograd-safe
 * (constants through {@link Scalars}). The pairwise forms for the matching cost are
 * {@code org.refvlm.core.matching.MaskOps}; these take one prediction per target row.
 */
public final class MaskLosses {

    private static final double ALPHA = 0.25;

    private MaskLosses() {
    }

    /**
     * Stable binary cross-entropy with logits, {@code max(x, 0) - x y + log(1 + exp(-|x|))},
     * averaged over each mask's valid pixels.
     *
     * @param logits [K, P]
     * @param target [K, P] in [0, 1]
     * @param valid  [K, P] 0/1, at least one valid pixel per row
     * @return [K]
     */
    public static NDArray bce(NDArray logits, NDArray target, NDArray valid) {
        return mean(crossEntropy(logits, target).mul(valid), valid);
    }

    /**
     * RetinaNet's sigmoid focal loss with alpha 0.25 and gamma 2, averaged over each mask's valid
     * pixels.
     *
     * @param logits [K, P]
     * @param target [K, P] in [0, 1]
     * @param valid  [K, P] 0/1, at least one valid pixel per row
     * @return [K]
     */
    public static NDArray focal(NDArray logits, NDArray target, NDArray valid) {
        NDArray p = Activation.sigmoid(logits);
        NDArray notTarget = target.neg().add(1f);
        NDArray pT = p.mul(target).add(p.neg().add(1f).mul(notTarget));                 // prob. of the true class
        NDArray modulation = pT.neg().add(1f).square();                                 // (1 - p_t)^2
        NDArray alphaT = Scalars.mul(target, ALPHA).add(Scalars.mul(notTarget, 1 - ALPHA));
        return mean(crossEntropy(logits, target).mul(modulation).mul(alphaT).mul(valid), valid);
    }

    /**
     * Dice loss {@code 1 - (2 sum(p y) + 1) / (sum p + sum y + 1)} on sigmoid probabilities,
     * padding pixels excluded.
     *
     * @return [K]
     */
    public static NDArray dice(NDArray logits, NDArray target, NDArray valid) {
        NDArray p = Activation.sigmoid(logits).mul(valid);                              // [K, P]
        NDArray y = target.mul(valid);
        NDArray numerator = Scalars.mul(p.mul(y).sum(new int[] {1}), 2).add(1f);
        NDArray denominator = p.sum(new int[] {1}).add(y.sum(new int[] {1})).add(1f);
        return numerator.div(denominator).neg().add(1f);                                // [K]
    }

    /** [K, P] per-pixel BCE with logits. */
    private static NDArray crossEntropy(NDArray logits, NDArray target) {
        return Activation.relu(logits).sub(logits.mul(target)).add(logits.abs().neg().exp().add(1f).log());
    }

    /** [K]: each row's sum over its valid pixels' count. */
    private static NDArray mean(NDArray perPixel, NDArray valid) {
        return perPixel.sum(new int[] {1}).div(valid.sum(new int[] {1}));
    }
}
