package org.refvlm.llm.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.refvlm.llm.KvCache;
import org.refvlm.llm.LlamaConfig;
import org.refvlm.nn.Linear;
import org.refvlm.nn.MatMul;
import org.refvlm.nn.Parameters;
import org.refvlm.nn.Scalars;

/**
 * Multi-head / grouped-query self-attention with rotary embeddings and an optional KV cache. Not
 * the kit's {@code MultiHeadAttention}: LLaMA names its output projection {@code o_proj}, shares
 * key/value heads and rotates queries and keys.
 */
final class LlamaAttention {
    private final Linear qProj;
    private final Linear kProj;
    private final Linear vProj;
    private final Linear oProj;
    private final int layer;
    private final int heads;
    private final int kvHeads;
    private final int headDim;
    private final float scale;

    LlamaAttention(Parameters params, String prefix, int layer, LlamaConfig c) {
        this.layer = layer;
        this.heads = c.numAttentionHeads();
        this.kvHeads = c.numKeyValueHeads();
        this.headDim = c.headDim();
        this.scale = (float) (1.0 / Math.sqrt(headDim));
        long d = c.hiddenSize();
        long q = (long) heads * headDim;
        long kv = (long) kvHeads * headDim;
        this.qProj = new Linear(params, prefix + "q_proj", d, q, c.attentionBias());
        this.kProj = new Linear(params, prefix + "k_proj", d, kv, c.attentionBias());
        this.vProj = new Linear(params, prefix + "v_proj", d, kv, c.attentionBias());
        this.oProj = new Linear(params, prefix + "o_proj", q, d, c.attentionBias());
    }

    /** x [B, L, D] (already normed) to [B, L, D]. */
    NDArray forward(NDArray x, RotaryEmbedding rope, NDArray cos, NDArray sin, NDArray bias, KvCache cache,
                    NDManager scope) {
        long b = x.getShape().get(0);
        long l = x.getShape().get(1);
        NDArray q = heads(qProj.forward(x), heads, b, l); // [B, H, L, hd]
        NDArray k = heads(kProj.forward(x), kvHeads, b, l); // [B, Hkv, L, hd]
        NDArray v = heads(vProj.forward(x), kvHeads, b, l); // [B, Hkv, L, hd]
        q = rope.apply(q, cos, sin);
        k = rope.apply(k, cos, sin);
        if (cache != null) {
            NDArray pastK = cache.keys(layer);
            NDArray pastV = cache.values(layer);
            if (pastK != null) {
                k = NDArrays.concat(new NDList(pastK, k), 2); // [B, Hkv, T, hd]
                v = NDArrays.concat(new NDList(pastV, v), 2);
            }
            cache.set(layer, k, v);
        }
        NDArray kAll = repeatKv(k, b, scope);          // [B, H, T, hd]
        NDArray vAll = repeatKv(v, b, scope);
        // Ops whose first operand is a cache array would land in the cache's manager; move them.
        NDArray kT = kAll.transpose(0, 1, 3, 2); // [B, H, hd, T]
        kT.attach(scope);
        NDArray scores = MatMul.of(Scalars.mul(q, scale), kT); // [B, H, L, T]
        if (bias != null) {
            scores = scores.add(bias);
        }
        // Softmax in float32 as transformers does; scores of half models would lose the small weights.
        DataType type = scores.getDataType();
        NDArray probs = type == DataType.FLOAT32 ? scores.softmax(-1)
                : scores.toType(DataType.FLOAT32, false).softmax(-1).toType(type, false);
        NDArray ctx = MatMul.of(probs, vAll); // [B, H, L, hd]
        NDArray merged = ctx.transpose(0, 2, 1, 3).reshape(b, l, (long) heads * headDim); // [B, L, H*hd]
        return oProj.forward(merged);
    }

    /** [B, L, h * hd] to [B, h, L, hd]. */
    private NDArray heads(NDArray y, int h, long b, long l) {
        return y.reshape(b, l, h, headDim).transpose(0, 2, 1, 3);
    }

    /** [B, Hkv, T, hd] to [B, H, T, hd] by sharing each kv head with H/Hkv query heads. */
    private NDArray repeatKv(NDArray kv, long b, NDManager scope) {
        int rep = heads / kvHeads;
        if (rep == 1) {
            return kv;
        }
        long t = kv.getShape().get(2);
        NDArray expanded = kv.expandDims(2); // [B, Hkv, 1, T, hd]
        expanded.attach(scope);
        return expanded.broadcast(new Shape(b, kvHeads, rep, t, headDim)).reshape(b, heads, t, headDim);
    }
}
