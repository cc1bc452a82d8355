package org.refvlm.decoder.maskformer.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * GroupNorm as {@code torch.nn.GroupNorm} computes it: channels split into groups, each group of
 * each sample normalised over its channels and pixels with the biased variance, then a
 * per-channel affine. Independent of the batch, so padding or batching never changes a sample.
 */
public final class GroupNorm {

    /** PyTorch's default. */
    public static final float EPS = 1e-5f;

    private GroupNorm() {
    }

    /**
     * @param x      [B, C, H, W]
     * @param gamma  [C]
     * @param beta   [C]
     * @param groups number of groups, dividing C
     * @return [B, C, H, W]
     */
    public static NDArray apply(NDArray x, NDArray gamma, NDArray beta, int groups) {
        Shape s = x.getShape();
        long b = s.get(0), c = s.get(1);
        if (c % groups != 0) {
            throw new IllegalArgumentException(c + " channels do not split into " + groups + " groups");
        }
        NDArray g = x.reshape(b, groups, -1);                                   // [B, G, C/G*H*W]
        NDArray mean = g.mean(new int[] {2}, true);                             // [B, G, 1]
        NDArray centred = g.sub(mean);
        NDArray variance = centred.square().mean(new int[] {2}, true);          // [B, G, 1], biased
        NDArray normed = centred.div(variance.add(EPS).sqrt()).reshape(s);     // [B, C, H, W]
        NDArray scale = EngineTensors.alongside(x, gamma.reshape(1, c, 1, 1));
        NDArray shift = EngineTensors.alongside(x, beta.reshape(1, c, 1, 1));
        return normed.mul(scale).add(shift);
    }
}
