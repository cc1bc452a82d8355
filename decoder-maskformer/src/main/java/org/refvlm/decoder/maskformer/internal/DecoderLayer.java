package org.refvlm.decoder.maskformer.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import java.util.Map;
import org.refvlm.tensor.Nn;

/**
 * One post-norm DETR decoder layer: self-attention among the queries (padding keys masked),
 * cross-attention from the queries to the visual memory, ReLU feed-forward; each block is
 * dropout, residual add, LayerNorm.
 */
public final class DecoderLayer {

    /** LayerNorm epsilon of HF DETR (PyTorch's default). */
    private static final float LN_EPS = 1e-5f;

    private DecoderLayer() {
    }

    public static void declare(ParameterLayout layout, String prefix, int d, int ffn) {
        MultiHeadAttention.declare(layout, prefix + ".self_attn", d);
        layout.norm(prefix + ".self_attn_norm", d);
        MultiHeadAttention.declare(layout, prefix + ".cross_attn", d);
        layout.norm(prefix + ".cross_attn_norm", d);
        layout.linear(prefix + ".fc1", d, ffn);
        layout.linear(prefix + ".fc2", ffn, d);
        layout.norm(prefix + ".ffn_norm", d);
    }

    /**
     * @param x         [B, L, d] query states
     * @param queryPos  [1, L, d] learned query position embedding
     * @param queryMask [B, L] boolean, real queries
     * @param memory    [B, M, d] visual tokens
     * @param memoryPos [1, M, d] their sine position encoding
     * @param memoryBias [B, 1, L, M] added to the cross-attention scores (masked attention), or null
     * @return [B, L, d]
     */
    public static NDArray apply(Map<String, NDArray> p, String prefix, NDArray x, NDArray queryPos, NDArray queryMask,
            NDArray memory, NDArray memoryPos, NDArray memoryBias, int heads, double dropout, boolean training) {
        NDArray q = x.add(queryPos);
        NDArray h = MultiHeadAttention.apply(p, prefix + ".self_attn", q, q, x, queryMask, heads);
        x = norm(p, prefix + ".self_attn_norm", x.add(Dropout.apply(h, dropout, training)));

        h = MultiHeadAttention.apply(p, prefix + ".cross_attn", x.add(queryPos), memory.add(memoryPos), memory,
                null, memoryBias, heads);
        x = norm(p, prefix + ".cross_attn_norm", x.add(Dropout.apply(h, dropout, training)));

        h = Activation.relu(Nn.linear(x, p.get(prefix + ".fc1.weight"), p.get(prefix + ".fc1.bias")));
        h = Nn.linear(h, p.get(prefix + ".fc2.weight"), p.get(prefix + ".fc2.bias"));
        return norm(p, prefix + ".ffn_norm", x.add(Dropout.apply(h, dropout, training)));
    }

    static NDArray norm(Map<String, NDArray> p, String prefix, NDArray x) {
        return Nn.layerNorm(x, p.get(prefix + ".weight"), p.get(prefix + ".bias"), LN_EPS);
    }
}
