package org.refvlm.decoder.keypoint.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import org.refvlm.nn.AttentionMask;
import org.refvlm.nn.Dropout;
import org.refvlm.nn.LayerNorm;
import org.refvlm.nn.Linear;
import org.refvlm.nn.MultiHeadAttention;
import org.refvlm.nn.NonLinearity;
import org.refvlm.nn.Parameters;

/**
 * One decoder layer over the {@code 1 + K} queries of every instance (post-norm, as DETR): the
 * queries of one instance attend to each other only, so the box query and the keypoint queries of
 * one {@code <REF>} share what they found while instances (and padded slots) never see each other;
 * then every query attends to the memory on its own; then a feed-forward block. Each sub-block has
 * dropout and a residual. Parameter names follow Hugging Face's {@code DetrDecoderLayer}.
 *
 * <p>Self-attention runs on {@code [B * L, 1 + K, d]} (one short sequence per instance) and
 * cross-attention on {@code [B, L * (1 + K), d]} (the memory once per sample, not once per
 * instance): the same queries, two layouts.
 */
public final class InstanceDecoderLayer {

    private final MultiHeadAttention selfAttention;
    private final LayerNorm selfNorm;
    private final MultiHeadAttention crossAttention;
    private final LayerNorm crossNorm;
    private final Linear fc1;
    private final Linear fc2;
    private final LayerNorm finalNorm;
    private final Dropout dropout;

    public InstanceDecoderLayer(Parameters params, String prefix, int dModel, int heads, int ffnDim, double dropout) {
        this.selfAttention = new MultiHeadAttention(params, Parameters.join(prefix, "self_attn"), dModel, heads);
        this.selfNorm = new LayerNorm(params, Parameters.join(prefix, "self_attn_layer_norm"), dModel);
        this.crossAttention = new MultiHeadAttention(params, Parameters.join(prefix, "encoder_attn"), dModel, heads);
        this.crossNorm = new LayerNorm(params, Parameters.join(prefix, "encoder_attn_layer_norm"), dModel);
        this.fc1 = new Linear(params, Parameters.join(prefix, "fc1"), dModel, ffnDim);
        this.fc2 = new Linear(params, Parameters.join(prefix, "fc2"), ffnDim, dModel);
        this.finalNorm = new LayerNorm(params, Parameters.join(prefix, "final_layer_norm"), dModel);
        this.dropout = new Dropout(dropout);
    }

    /**
     * @param x            [B, L, S, d] the queries, S = 1 + K per instance
     * @param slotPosition [S, d] the learned per-slot embedding, added to the attention queries (and
     *                     to the keys of self-attention) as DETR adds its query position
     * @param memoryKeys   [B, N, d] the memory with its position
     * @param memoryValues [B, N, d] the memory
     * @param crossMask    added to the cross-attention logits of every query, broadcast over
     *                     [B, heads, L S, N]: the grounding map's bias, or {@link AttentionMask#NONE}
     * @param training     whether dropout is active
     * @return [B, L, S, d]
     */
    public NDArray forward(NDArray x, NDArray slotPosition, NDArray memoryKeys, NDArray memoryValues,
            AttentionMask crossMask, boolean training) {
        Shape s = x.getShape();
        long b = s.get(0), l = s.get(1), slots = s.get(2), d = s.get(3);
        NDArray perInstance = x.reshape(b * l, slots, d);                                  // [B L, S, d]
        NDArray q = perInstance.add(slotPosition);                                         // [B L, S, d]
        NDArray attended = selfAttention.forward(q, q, perInstance, AttentionMask.NONE);   // [B L, S, d]
        NDArray h = selfNorm.forward(perInstance.add(dropout.forward(attended, training)))
                .reshape(b, l, slots, d);                                                  // [B, L, S, d]
        NDArray asking = h.add(slotPosition).reshape(b, l * slots, d);                     // [B, L S, d]
        NDArray read = crossAttention.forward(asking, memoryKeys, memoryValues, crossMask); // [B, L S, d]
        NDArray flat = crossNorm.forward(h.reshape(b, l * slots, d).add(dropout.forward(read, training))); // [B, L S, d]
        NDArray fed = fc2.forward(NonLinearity.RELU.apply(fc1.forward(flat)));            // [B, L S, d]
        return finalNorm.forward(flat.add(dropout.forward(fed, training))).reshape(b, l, slots, d);
    }
}
