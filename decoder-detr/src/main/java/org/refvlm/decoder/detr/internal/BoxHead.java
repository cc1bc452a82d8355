package org.refvlm.decoder.detr.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/**
 * DETR's box head: a 3-layer MLP (ReLU between layers) ending in 4 numbers squashed by a sigmoid
 * into normalised {@code (cx, cy, w, h)} on the padded square. Parameters {@code <prefix>.layers.{0,1,2}}.
 */
public final class BoxHead {

    private final Dense[] layers;

    public BoxHead(Weights weights, String prefix, int dModel) {
        layers = new Dense[] {
            new Dense(weights, prefix + ".layers.0", dModel, dModel),
            new Dense(weights, prefix + ".layers.1", dModel, dModel),
            new Dense(weights, prefix + ".layers.2", dModel, 4),
        };
    }

    /** [B, L, d] -> [B, L, 4] in (0, 1) */
    public NDArray forward(NDArray hidden) {
        return Activation.sigmoid(raw(hidden));
    }

    /**
     * [B, L, d] and a reference box [B, L, 4] in (0, 1) -> [B, L, 4] in (0, 1): the head's output
     * added to the reference's logit, so the head predicts a correction to it.
     */
    public NDArray forward(NDArray hidden, NDArray reference) {
        NDArray logit = reference.div(reference.neg().add(1f)).log();             // [B, L, 4]
        return Activation.sigmoid(raw(hidden).add(logit));
    }

    private NDArray raw(NDArray hidden) {
        NDArray h = Activation.relu(layers[0].forward(hidden));
        h = Activation.relu(layers[1].forward(h));
        return layers[2].forward(h);                                                  // [B, L, 4]
    }
}
