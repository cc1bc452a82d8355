package org.refvlm.llm.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import org.refvlm.llm.LlamaConfig;

/**
 * Rotary position embeddings in the "rotate half" convention of Hugging Face LLaMA checkpoints
 * (the q/k projections are permuted for it at conversion time, so the interleaved convention of
 * the original Meta code would be wrong here).
 */
final class RotaryEmbedding {
    private final float[] invFreq; // [hd/2]
    private final int headDim;

    RotaryEmbedding(LlamaConfig c) {
        this.headDim = c.headDim();
        this.invFreq = new float[headDim / 2];
        for (int i = 0; i < invFreq.length; i++) {
            // float32 arithmetic like transformers: theta ** (2i/d) then reciprocal.
            float exponent = (float) (2 * i) / headDim;
            float f = 1f / (float) Math.pow(c.ropeTheta(), exponent);
            invFreq[i] = (float) (f / c.ropeFactor());
        }
    }

    /**
     * cos and sin for positions [B, L] (int64), each [B, 1, L, hd] ready to broadcast over heads;
     * computed in float32 and then cast to the compute type.
     */
    NDArray[] cosSin(NDArray positions, NDManager scope, DataType type) {
        NDArray inv = scope.create(invFreq).toDevice(positions.getDevice(), false); // [hd/2]
        NDArray freqs = positions.toType(DataType.FLOAT32, false).expandDims(-1).mul(inv); // [B, L, hd/2]
        NDArray emb = NDArrays.concat(new NDList(freqs, freqs), -1); // [B, L, hd]
        return new NDArray[] {emb.cos().expandDims(1).toType(type, false), emb.sin().expandDims(1).toType(type, false)};
    }

    /** x [B, H, L, hd] rotated: x*cos + rotate_half(x)*sin with rotate_half = cat(-x2, x1). */
    NDArray apply(NDArray x, NDArray cos, NDArray sin) {
        int half = headDim / 2;
        NDArray x1 = x.get(new NDIndex("..., :" + half));
        NDArray x2 = x.get(new NDIndex("..., " + half + ":"));
        NDArray rotated = NDArrays.concat(new NDList(x2.neg(), x1), -1);
        return x.mul(cos).add(rotated.mul(sin));
    }
}
