package org.refvlm.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/** The element-wise non-linearities the models use, by the names their configs give them. */
public enum NonLinearity {
    /** max(x, 0) */
    RELU,
    /** Exact (erf) GELU, as {@code torch.nn.GELU()}. */
    GELU,
    /** CLIP's quick GELU: {@code x * sigmoid(1.702 x)}. */
    QUICK_GELU,
    /** SiLU (swish): {@code x * sigmoid(x)}. */
    SILU;

    private static final double INV_SQRT2 = 1.0 / Math.sqrt(2.0);

    public NDArray apply(NDArray x) {
        return switch (this) {
            case RELU -> Activation.relu(x);
            case GELU -> gelu(x);
            case QUICK_GELU -> x.mul(Activation.sigmoid(Scalars.mul(x, 1.702)));
            case SILU -> x.mul(Activation.sigmoid(x));
        };
    }

    /** {@code x * 0.5 * (1 + erf(x / sqrt 2))}, written out so its constants are autograd-safe. */
    public static NDArray gelu(NDArray x) {
        return x.mul(Scalars.mul(Scalars.mul(x, INV_SQRT2).erf().add(1f), 0.5));
    }

    /**
     * The non-linearity a Hugging Face config names ({@code hidden_act}): relu, gelu, quick_gelu,
     * silu or swish.
     */
    public static NonLinearity of(String name) {
        return switch (name) {
            case "relu" -> RELU;
            case "gelu" -> GELU;
            case "quick_gelu" -> QUICK_GELU;
            case "silu", "swish" -> SILU;
            default -> throw new IllegalArgumentException("unknown activation '" + name
                    + "'; use relu, gelu, quick_gelu or silu");
        };
    }
}
