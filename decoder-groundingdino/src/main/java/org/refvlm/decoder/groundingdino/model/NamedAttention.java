package org.refvlm.decoder.groundingdino.model;

import ai.djl.ndarray.NDArray;
import org.refvlm.nn.Linear;
import org.refvlm.nn.MatMul;
import org.refvlm.nn.Parameters;
import org.refvlm.nn.Scalars;

/**
 * Multi-head scaled dot-product attention whose four projections carry the names a checkpoint
 * gives them: Grounding DINO's own attention uses {@code query/key/value/out_proj}, BERT and Swin
 * {@code attention.self.query ... attention.output.dense}. (The kit's MultiHeadAttention has
 * DETR's {@code q_proj} names.) What may be attended to is an additive bias, or none.
 */
final class NamedAttention {

    /** Grounding DINO's projection names. */
    static final String[] GROUNDING = {"query", "key", "value", "out_proj"};
    /** BERT's and Swin's projection names. */
    static final String[] BERT = {"attention.self.query", "attention.self.key", "attention.self.value",
            "attention.output.dense"};

    private final int heads;
    private final int headDim;
    private final double scale;
    private final Linear q;
    private final Linear k;
    private final Linear v;
    private final Linear out;

    NamedAttention(Parameters params, String prefix, String[] names, int width, int heads) {
        if (width % heads != 0) {
            throw new IllegalArgumentException(prefix + ": width " + width + " does not divide into " + heads + " heads");
        }
        this.heads = heads;
        this.headDim = width / heads;
        this.scale = 1 / Math.sqrt(headDim);
        String base = prefix.endsWith(".") ? prefix.substring(0, prefix.length() - 1) : prefix;
        this.q = new Linear(params, Parameters.join(base, names[0]), width, width);
        this.k = new Linear(params, Parameters.join(base, names[1]), width, width);
        this.v = new Linear(params, Parameters.join(base, names[2]), width, width);
        this.out = new Linear(params, Parameters.join(base, names[3]), width, width);
    }

    /**
     * @param query [B, Lq, d]
     * @param key   [B, Lk, d]
     * @param value [B, Lk, d]
     * @param bias  additive, broadcastable to [B, h, Lq, Lk]; null for none
     * @return [B, Lq, d]
     */
    NDArray forward(NDArray query, NDArray key, NDArray value, NDArray bias) {
        long batch = query.getShape().get(0);
        long lq = query.getShape().get(1);
        NDArray qh = split(Scalars.mul(q.forward(query), scale));                       // [B, h, Lq, hd]
        NDArray kh = split(k.forward(key));                                              // [B, h, Lk, hd]
        NDArray vh = split(v.forward(value));                                            // [B, h, Lk, hd]
        NDArray scores = MatMul.of(qh, kh.transpose(0, 1, 3, 2));                        // [B, h, Lq, Lk]
        if (bias != null) {
            scores = scores.add(bias);
        }
        NDArray context = MatMul.of(scores.softmax(-1), vh);                             // [B, h, Lq, hd]
        return out.forward(context.transpose(0, 2, 1, 3).reshape(batch, lq, (long) heads * headDim));
    }

    int heads() {
        return heads;
    }

    /** [B, L, h*hd] -> [B, h, L, hd] */
    private NDArray split(NDArray x) {
        return x.reshape(x.getShape().get(0), x.getShape().get(1), heads, headDim).transpose(0, 2, 1, 3);
    }
}
