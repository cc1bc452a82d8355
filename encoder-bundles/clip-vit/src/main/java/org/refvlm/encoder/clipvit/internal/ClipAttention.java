package org.refvlm.encoder.clipvit.internal;

import ai.djl.ndarray.NDArray;
import org.refvlm.tensor.Scalars;
import org.refvlm.encoder.clipvit.ClipVisionConfig;
import org.refvlm.tensor.Nn;
import org.refvlm.tensor.ParameterStore;

/** Unmasked multi-head self-attention with biased projections (every token sees every token). */
final class ClipAttention {
    private final ParameterStore params;
    private final String prefix;
    private final int heads;
    private final int headDim;
    private final float scale;

    ClipAttention(ParameterStore params, String prefix, ClipVisionConfig c) {
        this.params = params;
        this.prefix = prefix;
        this.heads = c.numAttentionHeads();
        this.headDim = c.headDim();
        this.scale = (float) (1.0 / Math.sqrt(headDim));
    }

    /** x [B, N, D] to [B, N, D]. */
    NDArray forward(NDArray x) {
        long b = x.getShape().get(0);
        long n = x.getShape().get(1);
        NDArray q = heads(proj(x, "q_proj"), b, n); // [B, H, N, hd]
        NDArray k = heads(proj(x, "k_proj"), b, n);
        NDArray v = heads(proj(x, "v_proj"), b, n);
        NDArray probs = Scalars.mul(q, scale).matMul(k.transpose(0, 1, 3, 2)).softmax(-1); // [B, H, N, N]
        NDArray ctx = probs.matMul(v).transpose(0, 2, 1, 3).reshape(b, n, (long) heads * headDim);
        return proj(ctx, "out_proj");
    }

    private NDArray proj(NDArray x, String name) {
        return Nn.linear(x, params.get(prefix + name + ".weight"), params.get(prefix + name + ".bias"));
    }

    private NDArray heads(NDArray x, long b, long n) {
        return x.reshape(b, n, heads, headDim).transpose(0, 2, 1, 3);
    }
}
