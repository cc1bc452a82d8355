package org.refvlm.llm.internal;

import ai.djl.ndarray.NDArray;
import org.refvlm.tensor.Nn;
import org.refvlm.tensor.ParameterStore;

/** SwiGLU feed-forward: down(silu(gate(x)) * up(x)). */
final class LlamaMlp {
    private final ParameterStore params;
    private final String prefix;

    LlamaMlp(ParameterStore params, String prefix) {
        this.params = params;
        this.prefix = prefix;
    }

    /** x [B, L, D] to [B, L, D] through [B, L, I]. */
    NDArray forward(NDArray x) {
        NDArray gate = Nn.linear(x, params.get(prefix + "gate_proj.weight"), params.find(prefix + "gate_proj.bias"));
        NDArray up = Nn.linear(x, params.get(prefix + "up_proj.weight"), params.find(prefix + "up_proj.bias"));
        return Nn.linear(Nn.silu(gate).mul(up), params.get(prefix + "down_proj.weight"),
                params.find(prefix + "down_proj.bias"));
    }
}
