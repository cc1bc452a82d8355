package org.refvlm.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * A 2-D convolution over NCHW maps: {@code <prefix>.weight [out, in / groups, k, k]} and optionally
 * {@code <prefix>.bias [out]}, initialised as {@code torch.nn.Conv2d} (uniform with the bound
 * {@code 1/sqrt(in / groups * k * k)}).
 */
public final class Conv2d {

    private final Parameters params;
    private final String weight;
    private final String bias;  // null without a bias
    private final ConvOptions options;

    public Conv2d(Parameters params, String prefix, long in, long out, ConvOptions options) {
        if (in % options.groups() != 0 || out % options.groups() != 0) {
            throw new IllegalArgumentException(in + " input and " + out + " output channels do not split into "
                    + options.groups() + " groups");
        }
        this.params = params;
        this.options = options;
        this.weight = Parameters.join(prefix, "weight");
        this.bias = options.bias() ? Parameters.join(prefix, "bias") : null;
        long k = options.kernel();
        long fanIn = in / options.groups() * k * k;
        params.declare(weight, new Shape(out, in / options.groups(), k, k), Init.uniformFanIn(fanIn));
        if (bias != null) {
            params.declare(bias, new Shape(out), Init.uniformFanIn(fanIn));
        }
    }

    /** [B, in, H, W] -> [B, out, H', W'] */
    public NDArray forward(NDArray x) {
        return apply(x, params.get(weight), bias == null ? null : params.get(bias), options);
    }

    /** The functional form, weight [out, in / groups, k, k]. */
    public static NDArray apply(NDArray x, NDArray w, NDArray b, ConvOptions o) {
        return ai.djl.nn.convolutional.Conv2d.conv2d(x, w, b, new Shape(o.stride(), o.stride()),
                new Shape(o.padding(), o.padding()), new Shape(o.dilation(), o.dilation()), o.groups())
                .singletonOrThrow();
    }
}
