package org.refvlm.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * A 2-D convolution over NCHW maps: {@code <prefix>.weight [out, in / groups, k, k]} and optionally
 * {@code <prefix>.bias [out]}, initialised as {@code torch.nn.Conv2d} (uniform with the bound
 * {@code 1/sqrt(in / groups * k * k)}).
 */
public final class Conv2d extends ConvolutionLayer {

    public Conv2d(Parameters params, String prefix, long in, long out, ConvOptions options) {
        super(params, prefix, in, out, options,
                new Shape(out, in / options.groups(), options.kernel(), options.kernel()),
                in / options.groups() * options.kernel() * options.kernel());
    }

    @Override
    NDArray compute(NDArray x, NDArray w, NDArray b) {
        return apply(x, w, b, options);
    }

    /**
     * The functional form, weight [out, in / groups, k, k]: the engine's convolution, or the same as
     * matrix products where {@link NativeConvolutionCheck} found the engine's wrong.
     */
    public static NDArray apply(NDArray x, NDArray w, NDArray b, ConvOptions o) {
        NDArray y = NativeConvolutionCheck.of(x.getManager()).path(x.getShape().get(1), o.groups())
                .apply(x, w, b, o);
        FlopCounter.convolution(x, w, y);
        return y;
    }
}
