package org.refvlm.llm.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.refvlm.llm.KvCache;
import org.refvlm.llm.LlamaConfig;
import org.refvlm.tensor.ParameterStore;

/** Pre-norm decoder block: h = x + attn(norm(x)); out = h + mlp(norm(h)). */
final class LlamaDecoderLayer {
    private final ParameterStore params;
    private final String prefix;
    private final float eps;
    private final LlamaAttention attention;
    private final LlamaMlp mlp;

    LlamaDecoderLayer(ParameterStore params, int index, LlamaConfig c) {
        this.params = params;
        this.prefix = "model.layers." + index + ".";
        this.eps = (float) c.rmsNormEps();
        this.attention = new LlamaAttention(params, prefix + "self_attn.", index, c);
        this.mlp = new LlamaMlp(params, prefix + "mlp.");
    }

    /** x [B, L, D] to [B, L, D]. */
    NDArray forward(NDArray x, RotaryEmbedding rope, NDArray cos, NDArray sin, NDArray bias, KvCache cache,
                    NDManager scope) {
        NDArray normed = RmsNorm.apply(x, params.get(prefix + "input_layernorm.weight"), eps);
        NDArray h = x.add(attention.forward(normed, rope, cos, sin, bias, cache, scope));
        NDArray normed2 = RmsNorm.apply(h, params.get(prefix + "post_attention_layernorm.weight"), eps);
        return h.add(mlp.forward(normed2));
    }
}
