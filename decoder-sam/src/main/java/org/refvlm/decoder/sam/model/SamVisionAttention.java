package org.refvlm.decoder.sam.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import org.refvlm.nn.Constants;
import org.refvlm.nn.Init;
import org.refvlm.nn.Linear;
import org.refvlm.nn.MatMul;
import org.refvlm.nn.Parameters;
import org.refvlm.nn.Scalars;

/**
 * Self-attention of SAM's ViT over a square patch grid (a window or the whole grid), with one fused
 * {@code qkv} projection and MViTv2's decomposed relative position terms: the score of query (i, j)
 * for key (k, l) gains {@code q . Rh[i - k]} and {@code q . Rw[j - l]}, tables
 * {@code rel_pos_h, rel_pos_w [2 side - 1, headDim]}. Parameters {@code <prefix>.qkv},
 * {@code <prefix>.proj}, {@code <prefix>.rel_pos_h}, {@code <prefix>.rel_pos_w}.
 */
final class SamVisionAttention {

    private final Parameters params;
    private final String prefix;
    private final int heads;
    private final int headDim;
    private final int side;
    private final boolean relPos;
    private final Linear qkv;
    private final Linear proj;

    /** @param side the grid side this layer attends over (its window, or the whole grid) */
    SamVisionAttention(Parameters params, String prefix, SamConfig.Vision c, int side) {
        this.params = params;
        this.prefix = prefix;
        this.heads = c.numAttentionHeads();
        this.headDim = c.hiddenSize() / heads;
        this.side = side;
        this.relPos = c.useRelPos();
        this.qkv = new Linear(params, Parameters.join(prefix, "qkv"), c.hiddenSize(), 3L * c.hiddenSize(), c.qkvBias());
        this.proj = new Linear(params, Parameters.join(prefix, "proj"), c.hiddenSize(), c.hiddenSize());
        if (relPos) {
            // SAM starts them at zero; a random start breaks the symmetry when training from scratch
            params.declare(Parameters.join(prefix, "rel_pos_h"), new Shape(2L * side - 1, headDim), Init.normal(0.02));
            params.declare(Parameters.join(prefix, "rel_pos_w"), new Shape(2L * side - 1, headDim), Init.normal(0.02));
        }
    }

    /** x [N, s, s, C] (N windows or images) -> [N, s, s, C] */
    NDArray forward(NDArray x) {
        long n = x.getShape().get(0);
        long c = x.getShape().get(3);
        int s = side;
        if (x.getShape().get(1) != s || x.getShape().get(2) != s) {
            throw new IllegalArgumentException(prefix + " attends over " + s + "x" + s + " cells, got " + x.getShape());
        }
        NDArray packed = qkv.forward(x).reshape(n, (long) s * s, 3, heads, headDim)
                .transpose(2, 0, 3, 1, 4);                                               // [3, N, h, L, hd]
        NDArray q = packed.get(0).reshape(n * heads, (long) s * s, headDim);             // [Nh, L, hd]
        NDArray k = packed.get(1).reshape(n * heads, (long) s * s, headDim);
        NDArray v = packed.get(2).reshape(n * heads, (long) s * s, headDim);
        NDArray scores = MatMul.of(Scalars.mul(q, 1 / Math.sqrt(headDim)), k.transpose(0, 2, 1)); // [Nh, L, L]
        if (relPos) {
            scores = withRelativePositions(scores, q);
        }
        NDArray context = MatMul.of(scores.softmax(-1), v);                             // [Nh, L, hd]
        NDArray merged = context.reshape(n, heads, s, s, headDim).transpose(0, 2, 3, 1, 4)
                .reshape(n, s, s, c);                                                    // [N, s, s, C]
        return proj.forward(merged);
    }

    /** scores [Nh, L, L] + the decomposed relative terms of the unscaled queries q [Nh, L, hd] */
    private NDArray withRelativePositions(NDArray scores, NDArray q) {
        int s = side;
        long nh = q.getShape().get(0);
        NDArray rh = table(q, "rel_pos_h");                                              // [s(q), s(k), hd]
        NDArray rw = table(q, "rel_pos_w");
        NDArray grid = q.reshape(nh, s, s, headDim);                                     // [Nh, qh, qw, hd]
        // rows: for every query row i, its queries [Nh * qw, hd] against Rh[i] [k, hd]
        NDArray byRow = grid.transpose(1, 0, 2, 3).reshape(s, nh * s, headDim);          // [qh, Nh*qw, hd]
        NDArray relH = MatMul.of(byRow, rh.transpose(0, 2, 1))                          // [qh, Nh*qw, kh]
                .reshape(s, nh, s, s).transpose(1, 0, 2, 3);                             // [Nh, qh, qw, kh]
        NDArray byCol = grid.transpose(2, 0, 1, 3).reshape(s, nh * s, headDim);          // [qw, Nh*qh, hd]
        NDArray relW = MatMul.of(byCol, rw.transpose(0, 2, 1))                          // [qw, Nh*qh, kw]
                .reshape(s, nh, s, s).transpose(1, 2, 0, 3);                             // [Nh, qh, qw, kw]
        NDArray full = scores.reshape(nh, s, s, s, s)                                    // [Nh, qh, qw, kh, kw]
                .add(relH.expandDims(4)).add(relW.expandDims(3));
        return full.reshape(nh, (long) s * s, (long) s * s);
    }

    /** The table of layer parameter {@code name} by (query, key) offset: [s, s, hd], entry (i, j) = T[i - j + s - 1]. */
    private NDArray table(NDArray like, String name) {
        int s = side;
        int rows = 2 * s - 1;
        float[] pick = new float[s * s * rows];                                          // one-hot [s*s, 2s-1]
        for (int i = 0; i < s; i++) {
            for (int j = 0; j < s; j++) {
                pick[(i * s + j) * rows + i - j + s - 1] = 1f;
            }
        }
        NDArray onehot = Constants.of(like.getManager(), pick, new Shape((long) s * s, rows));
        // a product, not a gather, so the gradient reaches the table when the encoder trains
        return MatMul.of(onehot, params.get(Parameters.join(prefix, name))).reshape(s, s, headDim);
    }
}
