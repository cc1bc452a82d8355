package org.refvlm.decoder.maskformer.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/**
 * Per-mask sigmoid focal and dice losses over the valid pixels, for training. Same maths as
 * {@code org.refvlm.core.matching.MaskOps}, but autograd-safe: MaskOps scales by plain numbers
 * ({@code pow(gamma)}, {@code mul(alpha)}), which under DJL 0.36 leaves freed scalars in the
 * backward graph (see {@link EngineTensors}); it stays in use for the matching cost, which needs
 * no gradient.
 */
public final class MaskLosses {

    private static final double ALPHA = 0.25;

    private MaskLosses() {
    }

    /**
     * RetinaNet's sigmoid focal loss with alpha 0.25 and gamma 2, averaged over each mask's
     * valid pixels.
     *
     * @param logits [K, P]
     * @param target [K, P] 0/1
     * @param valid  [K, P] 0/1, at least one valid pixel per row
     * @return [K]
     */
    public static NDArray focal(NDArray logits, NDArray target, NDArray valid) {
        NDArray p = Activation.sigmoid(logits);
        // stable BCE with logits: max(x, 0) - x y + log(1 + exp(-|x|))
        NDArray ce = Activation.relu(logits).sub(logits.mul(target)).add(logits.abs().neg().exp().add(1f).log());
        NDArray notTarget = target.neg().add(1f);
        NDArray pT = p.mul(target).add(p.neg().add(1f).mul(notTarget));                 // prob. of the true class
        NDArray modulation = pT.neg().add(1f).square();                                 // (1 - p_t)^2
        NDArray alphaT = EngineTensors.scale(target, ALPHA).add(EngineTensors.scale(notTarget, 1 - ALPHA));
        NDArray loss = ce.mul(modulation).mul(alphaT).mul(valid);                       // [K, P]
        return loss.sum(new int[] {1}).div(valid.sum(new int[] {1}));                   // [K]
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
        NDArray numerator = EngineTensors.scale(p.mul(y).sum(new int[] {1}), 2).add(1f);
        NDArray denominator = p.sum(new int[] {1}).add(y.sum(new int[] {1})).add(1f);
        return numerator.div(denominator).neg().add(1f);                                // [K]
    }
}
