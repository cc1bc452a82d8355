package org.refvlm.nn;

import ai.djl.ndarray.NDArray;

/**
 * Scaled dot-product attention with {@code heads} heads and separate, biased q, k, v and output
 * projections ({@code <prefix>.q_proj}, {@code k_proj}, {@code v_proj}, {@code out_proj}), as
 * Hugging Face's DETR and CLIP attention name them. The queries are scaled by
 * {@code 1/sqrt(headDim)} after projection. Position encodings are the caller's to add, to the
 * query and key inputs and normally not to the values. What may be attended to is an
 * {@link AttentionMask}.
 *
 * <p>The projections may map to a narrower internal width than the model's (SAM's two-way
 * transformer halves it in its cross-attentions); the output projection maps back.
 */
public final class MultiHeadAttention {

    private final int heads;
    private final int headDim;
    private final float scale;
    private final Linear q;
    private final Linear k;
    private final Linear v;
    private final Linear out;

    /** Keys, values and queries all {@code dModel} wide, internal width {@code dModel}. */
    public MultiHeadAttention(Parameters params, String prefix, int dModel, int heads) {
        this(params, prefix, dModel, heads, dModel);
    }

    /**
     * @param internalDim width of the projected queries, keys and values; divisible by {@code heads}
     */
    public MultiHeadAttention(Parameters params, String prefix, int dModel, int heads, int internalDim) {
        if (heads <= 0 || internalDim % heads != 0) {
            throw new IllegalArgumentException("attention width " + internalDim + " is not divisible by " + heads
                    + " heads");
        }
        this.heads = heads;
        this.headDim = internalDim / heads;
        this.scale = (float) (1 / Math.sqrt(headDim));
        this.q = new Linear(params, Parameters.join(prefix, "q_proj"), dModel, internalDim);
        this.k = new Linear(params, Parameters.join(prefix, "k_proj"), dModel, internalDim);
        this.v = new Linear(params, Parameters.join(prefix, "v_proj"), dModel, internalDim);
        this.out = new Linear(params, Parameters.join(prefix, "out_proj"), internalDim, dModel);
    }

    /**
     * @param query [B, Lq, d] what asks
     * @param key   [B, Lk, d] what is matched against
     * @param value [B, Lk, d] what is read
     * @param mask  padded keys and an additive score bias
     * @return [B, Lq, d]
     */
    public NDArray forward(NDArray query, NDArray key, NDArray value, AttentionMask mask) {
        long batch = query.getShape().get(0);
        long lq = query.getShape().get(1);
        AttentionMask.checkPadding(mask.keyPadding(), key.getShape().get(0), key.getShape().get(1));
        NDArray qh = split(Scalars.mul(q.forward(query), scale));                    // [B, h, Lq, hd]
        NDArray kh = split(k.forward(key));                                           // [B, h, Lk, hd]
        NDArray vh = split(v.forward(value));                                         // [B, h, Lk, hd]
        NDArray scores = mask.apply(MatMul.of(qh, kh.transpose(0, 1, 3, 2)));           // [B, h, Lq, Lk]
        NDArray context = MatMul.of(scores.softmax(-1), vh);                              // [B, h, Lq, hd]
        NDArray merged = context.transpose(0, 2, 1, 3).reshape(batch, lq, (long) heads * headDim); // [B, Lq, h*hd]
        return out.forward(merged);                                                   // [B, Lq, d]
    }

    /** [B, L, h*hd] -> [B, h, L, hd] */
    private NDArray split(NDArray x) {
        long batch = x.getShape().get(0);
        long length = x.getShape().get(1);
        return x.reshape(batch, length, heads, headDim).transpose(0, 2, 1, 3);
    }

    public int heads() {
        return heads;
    }
}
