package org.refvlm.llm.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Additive attention bias combining causality with the padding mask. A large finite negative is
 * used instead of -inf so a fully padded query row (left padding) yields a uniform softmax
 * rather than NaN; such rows are never read.
 */
final class AttentionBias {
    static final float MASKED = -1e30f;
    /** float16 cannot hold -1e30; its most negative finite value plays the same role. */
    static final float MASKED_FP16 = -65504f;

    private AttentionBias() {
    }

    /**
     * @param mask [B * (past + len)] row-major padding mask (nonzero = attend), or null
     * @return [B, 1, len, past + len], or null when nothing is masked (single new token, no padding)
     */
    static NDArray build(NDManager scope, int batch, int len, int past, long[] mask, DataType type) {
        int total = past + len;
        boolean anyPadding = false;
        if (mask != null) {
            for (long m : mask) {
                if (m == 0) {
                    anyPadding = true;
                    break;
                }
            }
        }
        if (len == 1 && !anyPadding) {
            return null;
        }
        float masked = type == DataType.FLOAT16 ? MASKED_FP16 : MASKED;
        float[] bias = new float[batch * len * total];
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < len; i++) {
                int row = (b * len + i) * total;
                for (int j = 0; j < total; j++) {
                    boolean allowed = j <= past + i && (mask == null || mask[b * total + j] != 0);
                    bias[row + j] = allowed ? 0f : masked;
                }
            }
        }
        return scope.create(bias, new Shape(batch, 1, len, total)).toType(type, false);
    }
}
