package org.refvlm.encoder.clipvit.internal;

import ai.djl.ndarray.NDArray;
import org.refvlm.encoder.clipvit.ClipVisionConfig;
import org.refvlm.nn.AttentionMask;
import org.refvlm.nn.LayerNorm;
import org.refvlm.nn.Linear;
import org.refvlm.nn.MultiHeadAttention;
import org.refvlm.nn.NonLinearity;
import org.refvlm.nn.Parameters;

/**
 * CLIP's pre-norm block: {@code x + attn(ln1(x))}, then {@code + mlp(ln2(.))} with fc1, quick_gelu
 * (or gelu), fc2. Built from the kit's pieces under CLIP's own names ({@code layer_norm1},
 * {@code mlp.fc1}, ...), which differ from DETR's that the kit's transformer layers carry.
 */
final class ClipEncoderLayer {
    private final LayerNorm norm1;
    private final MultiHeadAttention attention;
    private final LayerNorm norm2;
    private final Linear fc1;
    private final Linear fc2;
    private final NonLinearity activation;

    ClipEncoderLayer(Parameters params, String prefix, ClipVisionConfig c) {
        float eps = (float) c.layerNormEps();
        this.norm1 = new LayerNorm(params, prefix + "layer_norm1", c.hiddenSize(), eps);
        // every token sees every token: no padding, no bias
        this.attention = new MultiHeadAttention(params, prefix + "self_attn", c.hiddenSize(), c.numAttentionHeads());
        this.norm2 = new LayerNorm(params, prefix + "layer_norm2", c.hiddenSize(), eps);
        this.fc1 = new Linear(params, prefix + "mlp.fc1", c.hiddenSize(), c.intermediateSize());
        this.fc2 = new Linear(params, prefix + "mlp.fc2", c.intermediateSize(), c.hiddenSize());
        this.activation = NonLinearity.of(c.hiddenAct());
    }

    /** x [B, N, D] to [B, N, D]. */
    NDArray forward(NDArray x) {
        NDArray n = norm1.forward(x);
        NDArray h = x.add(attention.forward(n, n, n, AttentionMask.NONE));
        return h.add(fc2.forward(activation.apply(fc1.forward(norm2.forward(h)))));   // through [B, N, I]
    }
}
