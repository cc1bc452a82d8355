package org.refvlm.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * LLaMA's RMSNorm: {@code x / sqrt(mean(x^2) + eps) * w}, no mean subtraction and no bias;
 * parameter {@code <prefix>.weight} (ones). The statistics are taken in float32 whatever the
 * compute type, as transformers does, so half-precision models keep the small values.
 */
public final class RmsNorm {

    private final Parameters params;
    private final String weight;
    private final float eps;

    public RmsNorm(Parameters params, String prefix, long width, float eps) {
        this.params = params;
        this.weight = Parameters.join(prefix, "weight");
        this.eps = eps;
        params.declare(weight, new Shape(width), Init.ones());
    }

    /** [..., width] -> [..., width] */
    public NDArray forward(NDArray x) {
        return apply(x, params.get(weight), eps);
    }

    /** The functional form: x [..., D], w [D]. */
    public static NDArray apply(NDArray x, NDArray w, float eps) {
        DataType type = x.getDataType();
        NDArray xf = type == DataType.FLOAT32 ? x : x.toType(DataType.FLOAT32, false);
        NDArray variance = xf.square().mean(new int[] {-1}, true);                  // [..., 1]
        NDArray normed = xf.div(variance.add(eps).sqrt());
        return (type == DataType.FLOAT32 ? normed : normed.toType(type, false)).mul(w);
    }
}
