package org.refvlm.nn;

import ai.djl.ndarray.NDArray;

/**
 * One transformer decoder layer: self-attention among the queries (their position added to
 * queries and keys), cross-attention from the queries into a memory, then a feed-forward block,
 * each with dropout and a residual. Post-norm (DETR) normalises after each residual; pre-norm
 * before each sub-block. Parameter names follow Hugging Face's {@code DetrDecoderLayer}:
 * {@code self_attn}, {@code self_attn_layer_norm}, {@code encoder_attn},
 * {@code encoder_attn_layer_norm}, {@code fc1}, {@code fc2}, {@code final_layer_norm}.
 *
 * <p>The memory comes as keys and values separately, so the caller decides where its position
 * encoding goes (DETR adds it to the keys only).
 */
public final class TransformerDecoderLayer {

    private final MultiHeadAttention selfAttention;
    private final LayerNorm selfNorm;
    private final MultiHeadAttention crossAttention;
    private final LayerNorm crossNorm;
    private final FeedForward ffn;
    private final LayerNorm finalNorm;
    private final Dropout dropout;
    private final boolean preNorm;

    public TransformerDecoderLayer(Parameters params, String prefix, TransformerLayerConfig c) {
        this.selfAttention = new MultiHeadAttention(params, Parameters.join(prefix, "self_attn"), c.dModel(), c.heads());
        this.selfNorm = new LayerNorm(params, Parameters.join(prefix, "self_attn_layer_norm"), c.dModel(), c.normEps());
        this.crossAttention = new MultiHeadAttention(params, Parameters.join(prefix, "encoder_attn"), c.dModel(),
                c.heads());
        this.crossNorm = new LayerNorm(params, Parameters.join(prefix, "encoder_attn_layer_norm"), c.dModel(),
                c.normEps());
        this.ffn = new FeedForward(params, prefix, c);
        this.finalNorm = new LayerNorm(params, Parameters.join(prefix, "final_layer_norm"), c.dModel(), c.normEps());
        this.dropout = new Dropout(c.dropout());
        this.preNorm = c.preNorm();
    }

    /**
     * @param x            [B, L, d] the queries
     * @param queryPos     [L, d], [1, L, d] or [B, L, d] their position, or null
     * @param selfMask     which queries are padding (as keys of self-attention), and a bias
     * @param memoryKeys   [B, N, d] the memory as cross-attention keys (usually with its position)
     * @param memoryValues [B, N, d] the memory as cross-attention values
     * @param crossMask    which memory cells are padding, and a bias (e.g. a grounding map [B, 1, L, N])
     * @param training     whether dropout is active
     * @return [B, L, d]
     */
    public NDArray forward(NDArray x, NDArray queryPos, AttentionMask selfMask, NDArray memoryKeys,
            NDArray memoryValues, AttentionMask crossMask, boolean training) {
        if (preNorm) {
            NDArray n = selfNorm.forward(x);
            NDArray q = withPosition(n, queryPos);
            NDArray h = x.add(dropout.forward(selfAttention.forward(q, q, n, selfMask), training));
            NDArray attended = crossAttention.forward(withPosition(crossNorm.forward(h), queryPos), memoryKeys,
                    memoryValues, crossMask);
            h = h.add(dropout.forward(attended, training));
            return h.add(dropout.forward(ffn.forward(finalNorm.forward(h)), training));
        }
        NDArray q = withPosition(x, queryPos);                                            // [B, L, d]
        NDArray h = selfNorm.forward(x.add(dropout.forward(selfAttention.forward(q, q, x, selfMask), training)));
        NDArray attended = crossAttention.forward(withPosition(h, queryPos), memoryKeys, memoryValues, crossMask);
        h = crossNorm.forward(h.add(dropout.forward(attended, training)));
        return finalNorm.forward(h.add(dropout.forward(ffn.forward(h), training)));
    }

    private static NDArray withPosition(NDArray x, NDArray position) {
        return position == null ? x : x.add(position);
    }
}
