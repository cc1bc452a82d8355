package org.refvlm.decoder.detr.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/**
 * One post-norm DETR encoder layer over the memory cells: self-attention among the cells (the
 * position encoding added to q and k), then a ReLU feed-forward block, each followed by dropout,
 * the residual and a LayerNorm. Parameter names follow Hugging Face's {@code DetrEncoderLayer}.
 *
 * <p>Why a decoder that reads a feature pyramid wants one: a cell on its own says what lies under
 * it; a cell that has looked at its neighbours can also say how far the object it belongs to
 * reaches and how it compares with the other objects ("the small star"), which a query matching
 * cells one by one cannot work out.
 */
public final class EncoderLayer {

    private final MultiHeadAttention selfAttention;
    private final Norm selfNorm;
    private final Dense fc1;
    private final Dense fc2;
    private final Norm finalNorm;
    private final float dropout;

    public EncoderLayer(Weights weights, String prefix, int dModel, int heads, int ffnDim, double dropout) {
        this.selfAttention = new MultiHeadAttention(weights, prefix + ".self_attn", dModel, heads);
        this.selfNorm = new Norm(weights, prefix + ".self_attn_layer_norm", dModel);
        this.fc1 = new Dense(weights, prefix + ".fc1", dModel, ffnDim);
        this.fc2 = new Dense(weights, prefix + ".fc2", ffnDim, dModel);
        this.finalNorm = new Norm(weights, prefix + ".final_layer_norm", dModel);
        this.dropout = (float) dropout;
    }

    /**
     * @param memory   [B, N, d] the memory cells
     * @param position [N, d] their position encoding
     * @param training whether dropout is active
     * @return [B, N, d]
     */
    public NDArray forward(NDArray memory, NDArray position, boolean training) {
        NDArray withPos = memory.add(position);                                        // [B, N, d]
        NDArray h = selfNorm.forward(memory.add(drop(selfAttention.forward(withPos, withPos, memory, null), training)));
        NDArray ffn = fc2.forward(Activation.relu(fc1.forward(h)));                    // [B, N, d]
        return finalNorm.forward(h.add(drop(ffn, training)));
    }

    private NDArray drop(NDArray x, boolean training) {
        return DecoderLayer.drop(x, dropout, training);
    }
}
