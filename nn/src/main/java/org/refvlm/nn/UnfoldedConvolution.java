package org.refvlm.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * A 2-D convolution computed as matrix products (im2col): the {@code k * k} shifted, strided views
 * of the zero-padded input are stacked under each input channel, and one batched product per
 * group with the weight flattened the same way gives every output pixel. The same mathematics as
 * the engine's convolution, through its matrix product and indexing only, so it is exact wherever
 * those are, and autograd differentiates it like any other graph.
 *
 * <p>It exists because the engine's own CPU convolution (oneDNN's JIT kernels in libtorch 2.7.1)
 * has been seen to compute wrong values on a machine whose CPU reports no cache sizes; see
 * {@link NativeConvolutionCheck}, which decides where it is used.
 */
final class UnfoldedConvolution {

    private UnfoldedConvolution() {
    }

    /** x [B, C, H, W], w [O, C / g, k, k], b [O] or null -> [B, O, H', W']. */
    static NDArray apply(NDArray x, NDArray w, NDArray b, ConvOptions o) {
        Shape xs = x.getShape();
        long batch = xs.get(0), c = xs.get(1), h = xs.get(2), wd = xs.get(3);
        long out = w.getShape().get(0);
        int k = o.kernel(), s = o.stride(), p = o.padding(), d = o.dilation(), g = o.groups();
        long oh = (h + 2L * p - (long) d * (k - 1) - 1) / s + 1;
        long ow = (wd + 2L * p - (long) d * (k - 1) - 1) / s + 1;
        if (oh <= 0 || ow <= 0) {
            throw new IllegalArgumentException("convolution of kernel " + k + ", dilation " + d + " and padding " + p
                    + " does not fit an input of " + h + "x" + wd);
        }
        NDArray padded = p == 0 ? x : x.pad(new Shape(p, p, p, p), 0);                  // [B, C, H + 2p, W + 2p]
        NDList shifted = new NDList(k * k);
        for (int u = 0; u < k; u++) {
            for (int v = 0; v < k; v++) {
                shifted.add(padded.get(new NDIndex("..., {}:{}:{}, {}:{}:{}",
                        u * d, u * d + (oh - 1) * s + 1, s, v * d, v * d + (ow - 1) * s + 1, s)));   // [B, C, H', W']
            }
        }
        NDArray y;
        if (c == g && out == g) {
            // depthwise: each channel's k*k taps weighted and summed, without stacking k*k copies
            NDArray taps = Constants.alongside(x, w.reshape(1, c, (long) k * k, 1));     // [1, C, k*k, 1]
            y = null;
            for (int t = 0; t < k * k; t++) {
                NDArray term = shifted.get(t).mul(taps.get(new NDIndex(":, :, {}", t)).expandDims(3));
                y = y == null ? term : y.add(term);                                       // [B, C, H', W']
            }
        } else {
            // each channel's k*k taps next to each other, as w flattens [C / g, k, k]
            NDArray unfolded = NDArrays.stack(shifted, 2)                                 // [B, C, k*k, H', W']
                    .reshape(batch, g, c / g * k * k, oh * ow);                           // [B, g, C/g*k*k, H'W']
            NDArray kernel = Constants.alongside(x, w.reshape(g, out / g, c / g * k * k)); // [g, O/g, C/g*k*k]
            y = kernel.matMul(unfolded).reshape(batch, out, oh, ow);                      // [B, O, H', W']
        }
        return b == null ? y : y.add(Constants.alongside(x, b.reshape(1, out, 1, 1)));
    }
}
