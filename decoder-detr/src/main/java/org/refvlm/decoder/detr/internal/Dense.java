package org.refvlm.decoder.detr.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import org.refvlm.tensor.Nn;

/** A fully connected layer {@code y = x W^T + b} with parameters {@code <prefix>.weight [out, in]} and {@code <prefix>.bias [out]}. */
public final class Dense {

    private final Weights weights;
    private final String weight;
    private final String bias;

    public Dense(Weights weights, String prefix, int in, int out) {
        this.weights = weights;
        this.weight = prefix + ".weight";
        this.bias = prefix + ".bias";
        weights.uniform(weight, new Shape(out, in), in);
        weights.uniform(bias, new Shape(out), in);
    }

    /** [..., in] -> [..., out] */
    public NDArray forward(NDArray x) {
        return Nn.linear(x, weights.get(weight), weights.get(bias));
    }
}
