package org.refvlm.decoder.detr.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import org.refvlm.nn.Mlp;
import org.refvlm.nn.NonLinearity;
import org.refvlm.nn.Parameters;

/**
 * DETR's box head: a 3-layer MLP (ReLU between layers) ending in 4 numbers squashed by a sigmoid
 * into normalised {@code (cx, cy, w, h)} on the padded square. Parameters {@code <prefix>.layers.{0,1,2}}.
 */
public final class BoxHead {

    private final Mlp mlp;

    public BoxHead(Parameters params, String prefix, int dModel) {
        this.mlp = new Mlp(params, prefix, dModel, dModel, 4, 3, NonLinearity.RELU);
    }

    /** [B, L, d] -> [B, L, 4] in (0, 1) */
    public NDArray forward(NDArray hidden) {
        return Activation.sigmoid(mlp.forward(hidden));
    }

    /**
     * [B, L, d] and a reference box [B, L, 4] in (0, 1) -> [B, L, 4] in (0, 1): the head's output
     * added to the reference's logit, so the head predicts a correction to it.
     */
    public NDArray forward(NDArray hidden, NDArray reference) {
        NDArray logit = reference.div(reference.neg().add(1f)).log();             // [B, L, 4]
        return Activation.sigmoid(mlp.forward(hidden).add(logit));
    }
}
