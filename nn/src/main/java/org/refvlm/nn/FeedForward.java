package org.refvlm.nn;

import ai.djl.ndarray.NDArray;

/** A transformer's feed-forward block: {@code fc2(activation(fc1(x)))}, parameters {@code <prefix>fc1} and {@code fc2}. */
final class FeedForward {

    private final Linear fc1;
    private final Linear fc2;
    private final NonLinearity activation;

    FeedForward(Parameters params, String prefix, TransformerLayerConfig c) {
        this.fc1 = new Linear(params, Parameters.join(prefix, "fc1"), c.dModel(), c.ffnDim());
        this.fc2 = new Linear(params, Parameters.join(prefix, "fc2"), c.ffnDim(), c.dModel());
        this.activation = c.activation();
    }

    /** [..., d] -> [..., d] */
    NDArray forward(NDArray x) {
        return fc2.forward(activation.apply(fc1.forward(x)));
    }
}
