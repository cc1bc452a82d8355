package org.refvlm.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * The two ways the kit computes a 2-D convolution; {@link NativeConvolutionCheck} picks one per
 * device and {@link Conv2d} uses it. Both take x [B, C, H, W], weight [O, C / g, k, k] and bias
 * [O] or null, and return [B, O, H', W'].
 */
public enum ConvolutionPath {

    /** The engine's own convolution (oneDNN on the CPU, cuDNN on CUDA). */
    ENGINE {
        @Override
        public NDArray apply(NDArray x, NDArray w, NDArray b, ConvOptions o) {
            return ai.djl.nn.convolutional.Conv2d.conv2d(x, w, b, new Shape(o.stride(), o.stride()),
                    new Shape(o.padding(), o.padding()), new Shape(o.dilation(), o.dilation()), o.groups())
                    .singletonOrThrow();
        }
    },

    /** The same convolution as matrix products over the unfolded input ({@link UnfoldedConvolution}). */
    MATRIX_PRODUCTS {
        @Override
        public NDArray apply(NDArray x, NDArray w, NDArray b, ConvOptions o) {
            return UnfoldedConvolution.apply(x, w, b, o);
        }
    };

    /** The convolution of x with weight w and bias b (or null); not counted by the {@link FlopCounter}. */
    public abstract NDArray apply(NDArray x, NDArray w, NDArray b, ConvOptions o);
}
