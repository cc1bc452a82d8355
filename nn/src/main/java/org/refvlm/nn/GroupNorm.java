package org.refvlm.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * GroupNorm as {@code torch.nn.GroupNorm} computes it: channels split into groups, each group of
 * each sample normalised over its channels and pixels with the biased variance, then a
 * per-channel affine ({@code <prefix>.weight} ones, {@code <prefix>.bias} zeros). Independent of
 * the batch, so padding or batching never changes a sample. Written out because DJL's engine
 * interface has no group norm.
 */
public final class GroupNorm {

    private final Parameters params;
    private final String gamma;
    private final String beta;
    private final int groups;
    private final float eps;

    public GroupNorm(Parameters params, String prefix, int groups, long channels) {
        this(params, prefix, groups, channels, LayerNorm.DEFAULT_EPS);
    }

    public GroupNorm(Parameters params, String prefix, int groups, long channels, float eps) {
        if (groups <= 0 || channels % groups != 0) {
            throw new IllegalArgumentException(channels + " channels do not split into " + groups + " groups");
        }
        this.params = params;
        this.gamma = Parameters.join(prefix, "weight");
        this.beta = Parameters.join(prefix, "bias");
        this.groups = groups;
        this.eps = eps;
        params.declare(gamma, new Shape(channels), Init.ones());
        params.declare(beta, new Shape(channels), Init.zeros());
    }

    /** [B, C, H, W] -> [B, C, H, W] */
    public NDArray forward(NDArray x) {
        return apply(x, params.get(gamma), params.get(beta), groups, eps);
    }

    /** The functional form. */
    public static NDArray apply(NDArray x, NDArray gamma, NDArray beta, int groups, float eps) {
        Shape s = x.getShape();
        long b = s.get(0), c = s.get(1);
        if (c % groups != 0) {
            throw new IllegalArgumentException(c + " channels do not split into " + groups + " groups");
        }
        NDArray g = x.reshape(b, groups, -1);                                   // [B, G, C/G*H*W]
        NDArray mean = g.mean(new int[] {2}, true);                             // [B, G, 1]
        NDArray centred = g.sub(mean);
        NDArray variance = centred.square().mean(new int[] {2}, true);          // [B, G, 1], biased
        NDArray normed = centred.div(variance.add(eps).sqrt()).reshape(s);     // [B, C, H, W]
        NDArray scale = Constants.alongside(x, gamma.reshape(1, c, 1, 1));
        NDArray shift = Constants.alongside(x, beta.reshape(1, c, 1, 1));
        return normed.mul(scale).add(shift);
    }
}
