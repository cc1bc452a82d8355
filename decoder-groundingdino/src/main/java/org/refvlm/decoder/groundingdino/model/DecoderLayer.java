package org.refvlm.decoder.groundingdino.model;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import java.util.List;
import org.refvlm.nn.LayerNorm;
import org.refvlm.nn.Linear;
import org.refvlm.nn.Parameters;

/**
 * Grounding DINO's decoder layer, post-norm: query self-attention, cross-attention to the text
 * tokens, deformable cross-attention to the image tokens around each query's reference box, and a
 * ReLU feed-forward. The query position (from the reference box) is added to what asks each time.
 */
final class DecoderLayer {

    private final NamedAttention selfAttention;
    private final LayerNorm selfNorm;
    private final NamedAttention textAttention;
    private final LayerNorm textNorm;
    private final DeformableAttention imageAttention;
    private final LayerNorm imageNorm;
    private final Linear fc1;
    private final Linear fc2;
    private final LayerNorm finalNorm;

    DecoderLayer(Parameters params, String p, GroundingDinoConfig c, float eps) {
        int d = c.dModel();
        this.selfAttention = new NamedAttention(params, p + "self_attn", NamedAttention.GROUNDING, d, c.decoderHeads());
        this.selfNorm = new LayerNorm(params, p + "self_attn_layer_norm", d, eps);
        this.textAttention = new NamedAttention(params, p + "encoder_attn_text", NamedAttention.GROUNDING, d,
                c.decoderHeads());
        this.textNorm = new LayerNorm(params, p + "encoder_attn_text_layer_norm", d, eps);
        this.imageAttention = new DeformableAttention(params, p + "encoder_attn.", d, c.decoderHeads(),
                c.featureLevels(), c.decoderPoints());
        this.imageNorm = new LayerNorm(params, p + "encoder_attn_layer_norm", d, eps);
        this.fc1 = new Linear(params, p + "fc1", d, c.decoderFfnDim());
        this.fc2 = new Linear(params, p + "fc2", c.decoderFfnDim(), d);
        this.finalNorm = new LayerNorm(params, p + "final_layer_norm", d, eps);
    }

    /**
     * @param queries  [B, Q, D]
     * @param position [B, Q, D] query position from the reference boxes
     * @param refs     [B, Q, 4] reference boxes (cx, cy, w, h)
     * @param vision   [B, S, D] encoder image tokens
     * @param text     [B, T, D] encoder text tokens
     * @param textBias [B, 1, 1, T] additive mask of padded text tokens
     */
    NDArray forward(NDArray queries, NDArray position, NDArray refs, NDArray vision, List<int[]> shapes,
                    NDArray text, NDArray textBias) {
        NDArray qk = queries.add(position);
        NDArray h = selfNorm.forward(queries.add(selfAttention.forward(qk, qk, queries, null)));
        h = textNorm.forward(h.add(textAttention.forward(h.add(position), text, text, textBias)));
        h = imageNorm.forward(h.add(imageAttention.forward(h.add(position), vision, refs, shapes)));
        return finalNorm.forward(h.add(fc2.forward(Activation.relu(fc1.forward(h)))));
    }
}
