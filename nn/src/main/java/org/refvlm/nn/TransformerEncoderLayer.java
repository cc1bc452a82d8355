package org.refvlm.nn;

import ai.djl.ndarray.NDArray;

/**
 * One transformer encoder layer over a set of tokens: self-attention (the position encoding added
 * to queries and keys, not to values), then a feed-forward block, each with dropout and a
 * residual. Post-norm (DETR) normalises after each residual; pre-norm before each sub-block.
 * Parameter names follow Hugging Face's {@code DetrEncoderLayer}: {@code self_attn},
 * {@code self_attn_layer_norm}, {@code fc1}, {@code fc2}, {@code final_layer_norm}.
 */
public final class TransformerEncoderLayer {

    private final MultiHeadAttention selfAttention;
    private final LayerNorm selfNorm;
    private final FeedForward ffn;
    private final LayerNorm finalNorm;
    private final Dropout dropout;
    private final boolean preNorm;

    public TransformerEncoderLayer(Parameters params, String prefix, TransformerLayerConfig c) {
        this.selfAttention = new MultiHeadAttention(params, Parameters.join(prefix, "self_attn"), c.dModel(), c.heads());
        this.selfNorm = new LayerNorm(params, Parameters.join(prefix, "self_attn_layer_norm"), c.dModel(), c.normEps());
        this.ffn = new FeedForward(params, prefix, c);
        this.finalNorm = new LayerNorm(params, Parameters.join(prefix, "final_layer_norm"), c.dModel(), c.normEps());
        this.dropout = new Dropout(c.dropout());
        this.preNorm = c.preNorm();
    }

    /**
     * @param x        [B, N, d] the tokens
     * @param position [N, d], [1, N, d] or [B, N, d] their position encoding, or null
     * @param mask     padded tokens and a score bias
     * @param training whether dropout is active
     * @return [B, N, d]
     */
    public NDArray forward(NDArray x, NDArray position, AttentionMask mask, boolean training) {
        if (preNorm) {
            NDArray n = selfNorm.forward(x);
            NDArray withPos = position == null ? n : n.add(position);
            NDArray h = x.add(dropout.forward(selfAttention.forward(withPos, withPos, n, mask), training));
            return h.add(dropout.forward(ffn.forward(finalNorm.forward(h)), training));
        }
        NDArray withPos = position == null ? x : x.add(position);                         // [B, N, d]
        NDArray h = selfNorm.forward(x.add(dropout.forward(selfAttention.forward(withPos, withPos, x, mask), training)));
        return finalNorm.forward(h.add(dropout.forward(ffn.forward(h), training)));
    }
}
