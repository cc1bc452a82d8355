package org.refvlm.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * What the two convolutions share: a weight of the layout the subclass gives and an optional bias
 * {@code [out]}, both drawn as PyTorch draws them (uniform with the bound {@code 1/sqrt(fanIn)}),
 * and a forward that hands them to the functional form.
 */
abstract class ConvolutionLayer {

    private final Parameters params;
    private final String weight;
    private final String bias;  // null without a bias
    protected final ConvOptions options;

    ConvolutionLayer(Parameters params, String prefix, long in, long out, ConvOptions options, Shape weightShape,
            long fanIn) {
        if (in % options.groups() != 0 || out % options.groups() != 0) {
            throw new IllegalArgumentException(in + " input and " + out + " output channels do not split into "
                    + options.groups() + " groups");
        }
        this.params = params;
        this.options = options;
        this.weight = Parameters.join(prefix, "weight");
        this.bias = options.bias() ? Parameters.join(prefix, "bias") : null;
        params.declare(weight, weightShape, Init.uniformFanIn(fanIn));
        if (bias != null) {
            params.declare(bias, new Shape(out), Init.uniformFanIn(fanIn));
        }
    }

    /** [B, in, H, W] -> [B, out, H', W'] */
    public NDArray forward(NDArray x) {
        return compute(x, params.get(weight), bias == null ? null : params.get(bias));
    }

    abstract NDArray compute(NDArray x, NDArray w, NDArray b);
}
