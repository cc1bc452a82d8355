package org.refvlm.llm.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Additive attention bias combining causality with the padding mask, built on the mask's device
 * (no copy to the host inside a forward). A large finite negative is used instead of -inf so a
 * fully padded query row (left padding) yields a uniform softmax rather than NaN; such rows are
 * never read. Where nothing is masked the bias is 0, and adding it changes no score.
 */
final class AttentionBias {
    static final float MASKED = -1e30f;
    /** float16 cannot hold -1e30; its most negative finite value plays the same role. */
    static final float MASKED_FP16 = -65504f;

    private AttentionBias() {
    }

    /**
     * @param mask [B, past + len] padding mask (nonzero = attend), on the model's device, or null
     * @return [B, 1, len, past + len] (or [1, 1, len, past + len] without a mask), or null for a
     *         single new token without a mask, where nothing is masked
     */
    static NDArray build(NDManager scope, int batch, int len, int past, NDArray mask, DataType type) {
        int total = past + len;
        if (mask != null && (mask.getShape().dimension() != 2 || mask.getShape().get(0) != batch
                || mask.getShape().get(1) != total)) {
            throw new IllegalArgumentException("attention mask is " + mask.getShape() + ", expected [" + batch + ", "
                    + total + "]");
        }
        if (len == 1 && mask == null) {
            return null;
        }
        NDArray keys = scope.arange(0, total, 1, DataType.INT64).reshape(1, total);            // [1, T]
        NDArray queries = scope.arange(past, total, 1, DataType.INT64).reshape(len, 1);        // [len, 1]
        NDArray allowed = keys.lte(queries).reshape(1, 1, len, total);                         // causal
        if (mask != null) {
            allowed = allowed.logicalAnd(mask.neq(0).reshape(batch, 1, 1, total));              // and not padding
        }
        float masked = type == DataType.FLOAT16 ? MASKED_FP16 : MASKED;
        Shape shape = allowed.getShape();
        return NDArrays.where(allowed, scope.zeros(shape, type), scope.full(shape, masked, type));
    }
}
