package org.refvlm.decoder.detr.internal;

import ai.djl.ndarray.NDArray;
import org.refvlm.tensor.Scalars;

/**
 * Scaled dot-product attention with {@code heads} heads and separate q, k, v and output
 * projections ({@code <prefix>.q_proj}, {@code k_proj}, {@code v_proj}, {@code out_proj}), as
 * DETR's decoder attention. Position encodings are added by the caller to the query and key
 * inputs only, never to the values.
 */
public final class MultiHeadAttention {

    private final int heads;
    private final int headDim;
    private final float scale;
    private final Dense q;
    private final Dense k;
    private final Dense v;
    private final Dense out;

    public MultiHeadAttention(Weights weights, String prefix, int dModel, int heads) {
        this.heads = heads;
        this.headDim = dModel / heads;
        this.scale = (float) (1 / Math.sqrt(headDim));
        this.q = new Dense(weights, prefix + ".q_proj", dModel, dModel);
        this.k = new Dense(weights, prefix + ".k_proj", dModel, dModel);
        this.v = new Dense(weights, prefix + ".v_proj", dModel, dModel);
        this.out = new Dense(weights, prefix + ".out_proj", dModel, dModel);
    }

    /**
     * @param query   [B, Lq, d]
     * @param key     [B, Lk, d]
     * @param value   [B, Lk, d]
     * @param keyBias additive score bias broadcastable to [B, heads, Lq, Lk] (0 or a large negative
     *                number for keys that must be ignored), or null
     * @return [B, Lq, d]
     */
    public NDArray forward(NDArray query, NDArray key, NDArray value, NDArray keyBias) {
        long batch = query.getShape().get(0);
        long lq = query.getShape().get(1);
        NDArray qh = split(Scalars.mul(q.forward(query), scale));               // [B, h, Lq, hd]
        NDArray kh = split(k.forward(key));                           // [B, h, Lk, hd]
        NDArray vh = split(v.forward(value));                         // [B, h, Lk, hd]
        NDArray scores = qh.matMul(kh.transpose(0, 1, 3, 2));          // [B, h, Lq, Lk]
        if (keyBias != null) {
            scores = scores.add(keyBias);
        }
        NDArray context = scores.softmax(-1).matMul(vh);              // [B, h, Lq, hd]
        NDArray merged = context.transpose(0, 2, 1, 3).reshape(batch, lq, (long) heads * headDim); // [B, Lq, d]
        return out.forward(merged);
    }

    /** [B, L, d] -> [B, h, L, hd] */
    private NDArray split(NDArray x) {
        long batch = x.getShape().get(0);
        long length = x.getShape().get(1);
        return x.reshape(batch, length, heads, headDim).transpose(0, 2, 1, 3);
    }
}
