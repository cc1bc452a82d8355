package org.refvlm.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * A fully connected layer {@code y = x W^T + b}: parameters {@code <prefix>.weight [out, in]} and,
 * unless built without, {@code <prefix>.bias [out]}, initialised as {@code torch.nn.Linear} does.
 */
public final class Linear {

    private final Parameters params;
    private final String weight;
    private final String bias;  // null without a bias
    private final long in;
    private final long out;

    /** With a bias. */
    public Linear(Parameters params, String prefix, long in, long out) {
        this(params, prefix, in, out, true);
    }

    public Linear(Parameters params, String prefix, long in, long out, boolean withBias) {
        this.params = params;
        this.in = in;
        this.out = out;
        this.weight = Parameters.join(prefix, "weight");
        this.bias = withBias ? Parameters.join(prefix, "bias") : null;
        params.declare(weight, new Shape(out, in), Init.uniformFanIn(in));
        if (withBias) {
            params.declare(bias, new Shape(out), Init.uniformFanIn(in));
        }
    }

    /** [..., in] -> [..., out] */
    public NDArray forward(NDArray x) {
        long width = x.getShape().get(x.getShape().dimension() - 1);
        if (width != in) {
            throw new IllegalArgumentException("linear layer " + weight + " takes " + in + "-wide inputs, got "
                    + x.getShape());
        }
        return apply(x, params.get(weight), bias == null ? null : params.get(bias));
    }

    /** The functional form: x [..., in], w [out, in], b [out] or null. */
    public static NDArray apply(NDArray x, NDArray w, NDArray b) {
        FlopCounter.linear(x, w);
        return ai.djl.nn.core.Linear.linear(x, w, b).singletonOrThrow();
    }

    public long inFeatures() {
        return in;
    }

    public long outFeatures() {
        return out;
    }
}
