package org.refvlm.llm.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.refvlm.llm.KvCache;
import org.refvlm.llm.LlamaConfig;
import org.refvlm.nn.Parameters;
import org.refvlm.nn.RmsNorm;

/** Pre-norm decoder block: h = x + attn(norm(x)); out = h + mlp(norm(h)). */
final class LlamaDecoderLayer {
    private final RmsNorm inputNorm;
    private final RmsNorm postAttentionNorm;
    private final LlamaAttention attention;
    private final LlamaMlp mlp;

    LlamaDecoderLayer(Parameters params, int index, LlamaConfig c) {
        String prefix = "model.layers." + index + ".";
        float eps = (float) c.rmsNormEps();
        this.inputNorm = new RmsNorm(params, prefix + "input_layernorm", c.hiddenSize(), eps);
        this.postAttentionNorm = new RmsNorm(params, prefix + "post_attention_layernorm", c.hiddenSize(), eps);
        this.attention = new LlamaAttention(params, prefix + "self_attn.", index, c);
        this.mlp = new LlamaMlp(params, prefix + "mlp.", c);
    }

    /** x [B, L, D] to [B, L, D]. */
    NDArray forward(NDArray x, RotaryEmbedding rope, NDArray cos, NDArray sin, NDArray bias, KvCache cache,
                    NDManager scope) {
        NDArray h = x.add(attention.forward(inputNorm.forward(x), rope, cos, sin, bias, cache, scope));
        return h.add(mlp.forward(postAttentionNorm.forward(h)));
    }
}
