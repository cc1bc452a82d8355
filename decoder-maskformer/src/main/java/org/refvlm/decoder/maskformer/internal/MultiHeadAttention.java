package org.refvlm.decoder.maskformer.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.util.Map;
import org.refvlm.tensor.Nn;

/**
 * DETR's multi-head attention: separate q/k/v projections with bias, queries scaled by
 * {@code 1/sqrt(headDim)} after projection, softmax over keys, output projection. Position
 * encodings are added by the caller to the inputs the projections see (queries and keys, never
 * values), as HF's {@code DetrAttention} does.
 */
public final class MultiHeadAttention {

    /**
     * A masked key's score. Finite, not -infinity: a row whose keys are all masked (a sample
     * without real queries) then gets uniform weights instead of NaN, and exp of it is exactly 0
     * next to any real key, so masked keys contribute nothing, gradient included.
     */
    private static final float MASKED = -1e9f;

    private MultiHeadAttention() {
    }

    /** Declares {@code prefix.{q,k,v,out}_proj}. */
    public static void declare(ParameterLayout layout, String prefix, int d) {
        for (String p : new String[] {"q_proj", "k_proj", "v_proj", "out_proj"}) {
            layout.linear(prefix + "." + p, d, d);
        }
    }

    /**
     * @param query   [B, Lq, d] what asks (position encoding already added)
     * @param key     [B, Lk, d] what is matched against (position encoding already added)
     * @param value   [B, Lk, d] what is read
     * @param keyMask [B, Lk] boolean, true for real keys; null when every key is real
     * @return [B, Lq, d]
     */
    public static NDArray apply(Map<String, NDArray> p, String prefix, NDArray query, NDArray key, NDArray value,
            NDArray keyMask, int heads) {
        return apply(p, prefix, query, key, value, keyMask, null, heads);
    }

    /**
     * As {@link #apply(Map, String, NDArray, NDArray, NDArray, NDArray, int)}, with {@code scoreBias}
     * (broadcastable to [B, heads, Lq, Lk], or null) added to the scaled scores before the softmax.
     */
    public static NDArray apply(Map<String, NDArray> p, String prefix, NDArray query, NDArray key, NDArray value,
            NDArray keyMask, NDArray scoreBias, int heads) {
        long b = query.getShape().get(0), lq = query.getShape().get(1), lk = key.getShape().get(1);
        long d = query.getShape().get(2), hd = d / heads;
        NDArray q = Nn.linear(query, p.get(prefix + ".q_proj.weight"), p.get(prefix + ".q_proj.bias"))
                ; // [B, Lq, d]
        q = EngineTensors.scale(q, 1 / Math.sqrt(hd));
        NDArray k = Nn.linear(key, p.get(prefix + ".k_proj.weight"), p.get(prefix + ".k_proj.bias"));
        NDArray v = Nn.linear(value, p.get(prefix + ".v_proj.weight"), p.get(prefix + ".v_proj.bias"));
        q = q.reshape(b, lq, heads, hd).transpose(0, 2, 1, 3);                 // [B, h, Lq, hd]
        k = k.reshape(b, lk, heads, hd).transpose(0, 2, 3, 1);                 // [B, h, hd, Lk]
        v = v.reshape(b, lk, heads, hd).transpose(0, 2, 1, 3);                 // [B, h, Lk, hd]
        NDArray scores = q.matMul(k);                                          // [B, h, Lq, Lk]
        if (keyMask != null) {
            // 0 for real keys, MASKED for padding: [B, 1, 1, Lk]
            NDArray bias = EngineTensors.scale(keyMask.toType(DataType.FLOAT32, false).sub(1f), -MASKED)
                    .reshape(b, 1, 1, lk);
            scores = scores.add(bias);
        }
        if (scoreBias != null) {
            scores = scores.add(scoreBias);
        }
        NDArray weights = scores.softmax(-1);
        NDArray out = weights.matMul(v).transpose(0, 2, 1, 3).reshape(b, lq, d); // [B, Lq, d]
        return Nn.linear(out, p.get(prefix + ".out_proj.weight"), p.get(prefix + ".out_proj.bias"));
    }
}
