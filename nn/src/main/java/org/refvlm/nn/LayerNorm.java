package org.refvlm.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * LayerNorm over the last axis (biased variance, eps inside the square root), parameters
 * {@code <prefix>.weight} (ones) and {@code <prefix>.bias} (zeros). {@link #forwardChannels} normalises
 * the channels of an NCHW map instead, as timm's and SAM's {@code LayerNorm2d} do.
 */
public final class LayerNorm {

    /** PyTorch's default epsilon. */
    public static final float DEFAULT_EPS = 1e-5f;

    private final Parameters params;
    private final String gamma;
    private final String beta;
    private final float eps;

    public LayerNorm(Parameters params, String prefix, long width) {
        this(params, prefix, width, DEFAULT_EPS);
    }

    public LayerNorm(Parameters params, String prefix, long width, float eps) {
        this.params = params;
        this.gamma = Parameters.join(prefix, "weight");
        this.beta = Parameters.join(prefix, "bias");
        this.eps = eps;
        params.declare(gamma, new Shape(width), Init.ones());
        params.declare(beta, new Shape(width), Init.zeros());
    }

    /** [..., width] -> [..., width] */
    public NDArray forward(NDArray x) {
        return apply(x, params.get(gamma), params.get(beta), eps);
    }

    /** [B, C, H, W] normalised over C -> [B, C, H, W] */
    public NDArray forwardChannels(NDArray x) {
        return forward(x.transpose(0, 2, 3, 1)).transpose(0, 3, 1, 2);
    }

    /** The functional form over the last axis. */
    public static NDArray apply(NDArray x, NDArray gamma, NDArray beta, float eps) {
        long d = x.getShape().get(x.getShape().dimension() - 1);
        return ai.djl.nn.norm.LayerNorm.layerNorm(x, new Shape(d), gamma, beta, eps).singletonOrThrow();
    }
}
