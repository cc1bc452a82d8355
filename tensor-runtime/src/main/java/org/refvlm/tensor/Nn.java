package org.refvlm.tensor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;

/**
 * The few neural-network primitives the models share, as functions of NDArrays. Every op keeps
 * the activation as its first operand so results land in the activation's (scoped) manager and
 * never in the long-lived weight manager.
 */
public final class Nn {
    private static final float INV_SQRT2 = (float) (1.0 / Math.sqrt(2.0));

    private Nn() {
    }

    /** y = x W^T + b over the last axis. x [..., in], w [out, in], b [out] or null. */
    public static NDArray linear(NDArray x, NDArray w, NDArray b) {
        return Linear.linear(x, w, b).singletonOrThrow();
    }

    /** LayerNorm over the last axis (biased variance, eps inside the square root). */
    public static NDArray layerNorm(NDArray x, NDArray gamma, NDArray beta, float eps) {
        long d = x.getShape().get(x.getShape().dimension() - 1);
        return LayerNorm.layerNorm(x, new Shape(d), gamma, beta, eps).singletonOrThrow();
    }

    /** Exact (erf) GELU: x * 0.5 * (1 + erf(x / sqrt 2)), as torch.nn.GELU() computes it. */
    public static NDArray gelu(NDArray x) {
        return x.mul(Scalars.mul(Scalars.mul(x, INV_SQRT2).erf().add(1f), 0.5));
    }

    /** CLIP's quick GELU: x * sigmoid(1.702 x). */
    public static NDArray quickGelu(NDArray x) {
        return x.mul(Activation.sigmoid(Scalars.mul(x, 1.702)));
    }

    /** SiLU: x * sigmoid(x). */
    public static NDArray silu(NDArray x) {
        return x.mul(Activation.sigmoid(x));
    }

    /** 2-D convolution, NCHW. */
    public static NDArray conv2d(NDArray x, NDArray w, NDArray b, int stride, int padding, int groups) {
        return Conv2d.conv2d(x, w, b, new Shape(stride, stride), new Shape(padding, padding), new Shape(1, 1), groups)
                .singletonOrThrow();
    }
}
