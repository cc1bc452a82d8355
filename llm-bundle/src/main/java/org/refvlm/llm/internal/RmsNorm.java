package org.refvlm.llm.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/** LLaMA's RMSNorm: x / sqrt(mean(x^2) + eps) * w, no mean subtraction and no bias. */
final class RmsNorm {
    private RmsNorm() {
    }

    /** x [.., D], w [D]; statistics in float32 whatever the compute type, as transformers does. */
    static NDArray apply(NDArray x, NDArray w, float eps) {
        DataType type = x.getDataType();
        NDArray xf = type == DataType.FLOAT32 ? x : x.toType(DataType.FLOAT32, false);
        NDArray variance = xf.square().mean(new int[] {-1}, true); // [.., 1]
        NDArray normed = xf.div(variance.add(eps).sqrt());
        return (type == DataType.FLOAT32 ? normed : normed.toType(type, false)).mul(w);
    }
}
