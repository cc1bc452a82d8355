package org.refvlm.decoder.groundingdino.model;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import java.util.List;
import org.refvlm.nn.LayerNorm;
import org.refvlm.nn.Linear;
import org.refvlm.nn.Parameters;

/** Deformable DETR's encoder layer over the image tokens: deformable self-attention and a ReLU feed-forward, post-norm. */
final class DeformableEncoderLayer {

    private final DeformableAttention attention;
    private final LayerNorm attentionNorm;
    private final Linear fc1;
    private final Linear fc2;
    private final LayerNorm finalNorm;

    DeformableEncoderLayer(Parameters params, String p, GroundingDinoConfig c, float eps) {
        this.attention = new DeformableAttention(params, p + "self_attn.", c.dModel(), c.encoderHeads(),
                c.featureLevels(), c.encoderPoints());
        this.attentionNorm = new LayerNorm(params, p + "self_attn_layer_norm", c.dModel(), eps);
        this.fc1 = new Linear(params, p + "fc1", c.dModel(), c.encoderFfnDim());
        this.fc2 = new Linear(params, p + "fc2", c.encoderFfnDim(), c.dModel());
        this.finalNorm = new LayerNorm(params, p + "final_layer_norm", c.dModel(), eps);
    }

    /**
     * @param vision   [B, S, D]
     * @param position [B, S, D] or [1, S, D] level-aware position encoding
     * @param refs     [B, S, 2] each token's pixel centre in [0, 1]
     */
    NDArray forward(NDArray vision, NDArray position, NDArray refs, List<int[]> shapes) {
        NDArray h = attentionNorm.forward(vision.add(attention.forward(vision.add(position), vision, refs, shapes)));
        return finalNorm.forward(h.add(fc2.forward(Activation.relu(fc1.forward(h)))));
    }
}
