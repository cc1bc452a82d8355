package org.refvlm.llm.internal;

import ai.djl.ndarray.NDArray;
import org.refvlm.llm.LlamaConfig;
import org.refvlm.nn.Linear;
import org.refvlm.nn.NonLinearity;
import org.refvlm.nn.Parameters;

/** SwiGLU feed-forward: down(silu(gate(x)) * up(x)). */
final class LlamaMlp {
    private final Linear gate;
    private final Linear up;
    private final Linear down;

    LlamaMlp(Parameters params, String prefix, LlamaConfig c) {
        long d = c.hiddenSize();
        long i = c.intermediateSize();
        this.gate = new Linear(params, prefix + "gate_proj", d, i, c.mlpBias());
        this.up = new Linear(params, prefix + "up_proj", d, i, c.mlpBias());
        this.down = new Linear(params, prefix + "down_proj", i, d, c.mlpBias());
    }

    /** x [B, L, D] to [B, L, D] through [B, L, I]. */
    NDArray forward(NDArray x) {
        return down.forward(NonLinearity.SILU.apply(gate.forward(x)).mul(up.forward(x)));
    }
}
