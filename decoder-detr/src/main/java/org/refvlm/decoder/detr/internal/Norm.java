package org.refvlm.decoder.detr.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import org.refvlm.tensor.Nn;

/** LayerNorm over the last axis (eps 1e-5, PyTorch's default), parameters {@code <prefix>.weight} and {@code <prefix>.bias}. */
public final class Norm {

    private static final float EPS = 1e-5f;

    private final Weights weights;
    private final String gamma;
    private final String beta;

    public Norm(Weights weights, String prefix, int width) {
        this.weights = weights;
        this.gamma = prefix + ".weight";
        this.beta = prefix + ".bias";
        weights.constant(gamma, new Shape(width), 1f);
        weights.constant(beta, new Shape(width), 0f);
    }

    /** [..., width] -> [..., width] */
    public NDArray forward(NDArray x) {
        return Nn.layerNorm(x, weights.get(gamma), weights.get(beta), EPS);
    }
}
