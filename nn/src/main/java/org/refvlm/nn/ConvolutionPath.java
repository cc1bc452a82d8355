package org.refvlm.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * The three ways the kit computes a 2-D convolution; {@link NativeConvolutionCheck} picks one per
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

    /**
     * The engine's convolution with the input channels zero-padded to a multiple of
     * {@value #CHANNEL_BLOCK} (the weight's with them): where oneDNN's kernels go wrong only when the
     * channels leave a partly filled SIMD block ({@link NativeConvolutionCheck}), full blocks put the
     * work back on the kernels that compute right, at the cost of the padding, far less than
     * {@link #MATRIX_PRODUCTS}'. Up to 8 channels (one block on AVX2 and AVX-512) are not padded;
     * grouped convolutions are computed as {@link #MATRIX_PRODUCTS}.
     */
    PADDED_CHANNELS {
        @Override
        public NDArray apply(NDArray x, NDArray w, NDArray b, ConvOptions o) {
            if (o.groups() != 1) {
                return MATRIX_PRODUCTS.apply(x, w, b, o);
            }
            Shape xs = x.getShape();                                                 // [B, C, H, W]
            long c = xs.get(1);
            long pad = c <= 8 ? 0 : (CHANNEL_BLOCK - c % CHANNEL_BLOCK) % CHANNEL_BLOCK;
            if (pad == 0) {
                return ENGINE.apply(x, w, b, o);
            }
            Shape ws = w.getShape();                                                 // [O, C, k, k]
            NDManager m = x.getManager();
            NDArray padded = x.concat(m.zeros(new Shape(xs.get(0), pad, xs.get(2), xs.get(3)), x.getDataType()), 1); // [B, C', H, W]
            // The weight's padded copy lands in the weight's manager; it belongs with the activation.
            NDArray weight = Constants.alongside(x, w.concat(m.zeros(new Shape(ws.get(0), pad, ws.get(2), ws.get(3)),
                    w.getDataType()), 1));                                           // [O, C', k, k]
            return ENGINE.apply(padded, weight, b, o);
        }
    },

    /** The same convolution as matrix products over the unfolded input ({@link UnfoldedConvolution}). */
    MATRIX_PRODUCTS {
        @Override
        public NDArray apply(NDArray x, NDArray w, NDArray b, ConvOptions o) {
            return UnfoldedConvolution.apply(x, w, b, o);
        }
    };

    /** Channels per block {@link #PADDED_CHANNELS} fills: AVX-512's 16 floats, two of AVX2's 8. */
    static final int CHANNEL_BLOCK = 16;

    /** The convolution of x with weight w and bias b (or null); not counted by the {@link FlopCounter}. */
    public abstract NDArray apply(NDArray x, NDArray w, NDArray b, ConvOptions o);
}
