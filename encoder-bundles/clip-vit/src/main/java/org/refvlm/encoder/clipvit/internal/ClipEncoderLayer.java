package org.refvlm.encoder.clipvit.internal;

import ai.djl.ndarray.NDArray;
import org.refvlm.encoder.clipvit.ClipVisionConfig;
import org.refvlm.tensor.Nn;
import org.refvlm.tensor.ParameterStore;

/** Pre-norm block: x + attn(ln1(x)), then + mlp(ln2(.)) with fc1, quick_gelu (or gelu), fc2. */
final class ClipEncoderLayer {
    private final ParameterStore params;
    private final String prefix;
    private final float eps;
    private final boolean quickGelu;
    private final ClipAttention attention;

    ClipEncoderLayer(ParameterStore params, String prefix, ClipVisionConfig c) {
        this.params = params;
        this.prefix = prefix;
        this.eps = (float) c.layerNormEps();
        this.quickGelu = c.hiddenAct().equals("quick_gelu");
        this.attention = new ClipAttention(params, prefix + "self_attn.", c);
    }

    /** x [B, N, D] to [B, N, D]. */
    NDArray forward(NDArray x) {
        NDArray h = x.add(attention.forward(norm(x, "layer_norm1")));
        NDArray m = Nn.linear(norm(h, "layer_norm2"), params.get(prefix + "mlp.fc1.weight"),
                params.get(prefix + "mlp.fc1.bias")); // [B, N, I]
        m = quickGelu ? Nn.quickGelu(m) : Nn.gelu(m);
        return h.add(Nn.linear(m, params.get(prefix + "mlp.fc2.weight"), params.get(prefix + "mlp.fc2.bias")));
    }

    private NDArray norm(NDArray x, String name) {
        return Nn.layerNorm(x, params.get(prefix + name + ".weight"), params.get(prefix + name + ".bias"), eps);
    }
}
