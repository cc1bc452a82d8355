package org.refvlm.decoder.detr.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import ai.djl.nn.norm.Dropout;

/**
 * One post-norm DETR decoder layer: self-attention among the queries (query position added to q
 * and k), cross-attention into the memory (query position on q, memory position on k), then a
 * ReLU feed-forward block; each sub-block is followed by dropout, the residual and a LayerNorm.
 * Parameter names follow Hugging Face's {@code DetrDecoderLayer}.
 */
public final class DecoderLayer {

    private final MultiHeadAttention selfAttention;
    private final Norm selfNorm;
    private final MultiHeadAttention crossAttention;
    private final Norm crossNorm;
    private final Dense fc1;
    private final Dense fc2;
    private final Norm finalNorm;
    private final float dropout;

    public DecoderLayer(Weights weights, String prefix, int dModel, int heads, int ffnDim, double dropout) {
        this.selfAttention = new MultiHeadAttention(weights, prefix + ".self_attn", dModel, heads);
        this.selfNorm = new Norm(weights, prefix + ".self_attn_layer_norm", dModel);
        this.crossAttention = new MultiHeadAttention(weights, prefix + ".encoder_attn", dModel, heads);
        this.crossNorm = new Norm(weights, prefix + ".encoder_attn_layer_norm", dModel);
        this.fc1 = new Dense(weights, prefix + ".fc1", dModel, ffnDim);
        this.fc2 = new Dense(weights, prefix + ".fc2", ffnDim, dModel);
        this.finalNorm = new Norm(weights, prefix + ".final_layer_norm", dModel);
        this.dropout = (float) dropout;
    }

    /**
     * @param hidden    [B, L, d] the queries
     * @param queryPos  [L, d] learned query position embedding
     * @param queryBias [B, 1, 1, L] additive self-attention bias hiding padded queries
     * @param memory    [B, N, d] projected visual memory
     * @param memoryKey [B, N, d] memory plus its position encoding (the cross-attention keys)
     * @param memoryBias [B, 1, L, N] added to the cross-attention logits (the grounding map), or null
     * @param training  whether dropout is active
     * @return [B, L, d]
     */
    public NDArray forward(NDArray hidden, NDArray queryPos, NDArray queryBias, NDArray memory, NDArray memoryKey,
                           NDArray memoryBias, boolean training) {
        NDArray withPos = hidden.add(queryPos);
        NDArray h = selfNorm.forward(hidden.add(drop(selfAttention.forward(withPos, withPos, hidden, queryBias), training)));
        NDArray attended = crossAttention.forward(h.add(queryPos), memoryKey, memory, memoryBias);
        h = crossNorm.forward(h.add(drop(attended, training)));
        NDArray ffn = fc2.forward(Activation.relu(fc1.forward(h)));
        return finalNorm.forward(h.add(drop(ffn, training)));
    }

    private NDArray drop(NDArray x, boolean training) {
        return drop(x, dropout, training);
    }

    /** Dropout at {@code rate} while training, the identity otherwise; shared with {@link EncoderLayer}. */
    static NDArray drop(NDArray x, float rate, boolean training) {
        return training && rate > 0 ? Dropout.dropout(x, rate, true).singletonOrThrow() : x;
    }
}
