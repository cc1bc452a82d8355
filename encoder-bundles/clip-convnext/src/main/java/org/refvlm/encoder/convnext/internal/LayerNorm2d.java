package org.refvlm.encoder.convnext.internal;

import ai.djl.ndarray.NDArray;
import org.refvlm.tensor.Nn;

/** LayerNorm over channels of an NCHW map (timm's LayerNorm2d): move C last, normalise, move back. */
final class LayerNorm2d {
    private LayerNorm2d() {
    }

    /** x [B, C, H, W]. */
    static NDArray apply(NDArray x, NDArray w, NDArray b, float eps) {
        return Nn.layerNorm(x.transpose(0, 2, 3, 1), w, b, eps).transpose(0, 3, 1, 2);
    }
}
