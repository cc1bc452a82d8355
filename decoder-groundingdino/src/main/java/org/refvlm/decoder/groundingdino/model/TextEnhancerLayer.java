package org.refvlm.decoder.groundingdino.model;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import org.refvlm.nn.LayerNorm;
import org.refvlm.nn.Linear;
import org.refvlm.nn.Parameters;

/**
 * The text enhancer: post-norm self-attention over the text tokens (sine position encoding of the
 * position ids on queries and keys, attention confined by the phrase mask), then a ReLU
 * feed-forward of half the encoder's width.
 */
final class TextEnhancerLayer {

    private final NamedAttention attention;
    private final LayerNorm normBefore;
    private final LayerNorm normAfter;
    private final Linear fc1;
    private final Linear fc2;

    TextEnhancerLayer(Parameters params, String p, int dModel, int heads, int ffn, float eps) {
        this.attention = new NamedAttention(params, p + "self_attn", NamedAttention.GROUNDING, dModel, heads);
        this.fc1 = new Linear(params, p + "fc1", dModel, ffn);
        this.fc2 = new Linear(params, p + "fc2", ffn, dModel);
        this.normBefore = new LayerNorm(params, p + "layer_norm_before", dModel, eps);
        this.normAfter = new LayerNorm(params, p + "layer_norm_after", dModel, eps);
    }

    /**
     * @param text     [B, T, D]
     * @param position [B, T, D] sine encoding of the position ids
     * @param selfBias [B, 1, T, T] additive phrase mask
     */
    NDArray forward(NDArray text, NDArray position, NDArray selfBias) {
        NDArray qk = text.add(position);
        NDArray h = normBefore.forward(text.add(attention.forward(qk, qk, text, selfBias)));
        return normAfter.forward(h.add(fc2.forward(Activation.relu(fc1.forward(h)))));
    }
}
