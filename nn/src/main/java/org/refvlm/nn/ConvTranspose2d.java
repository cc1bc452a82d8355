package org.refvlm.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * A transposed 2-D convolution (the upsampling one SAM's mask decoder uses), NCHW:
 * {@code <prefix>.weight [in, out / groups, k, k]} (PyTorch's layout, input channels first) and
 * optionally {@code <prefix>.bias [out]}. Initialised as {@code torch.nn.ConvTranspose2d}, whose
 * fan-in is computed from the weight's second axis: {@code out / groups * k * k}. The output side
 * is {@code (H - 1) * stride - 2 * padding + dilation * (k - 1) + 1}.
 *
 * <p>Computed as the ordinary convolution it is equivalent to, because DJL 0.36's PyTorch engine
 * does not implement {@code deconvolution}: {@code stride - 1} zeros are put between the input's
 * pixels (two constant 0/1 matrix products, so the gradient flows), and the result is convolved
 * with stride 1, padding {@code dilation * (k - 1) - padding} and the kernel with its input and
 * output channels swapped within each group and flipped in space. A padding larger than
 * {@code dilation * (k - 1)} is a crop of the result.
 */
public final class ConvTranspose2d extends ConvolutionLayer {

    public ConvTranspose2d(Parameters params, String prefix, long in, long out, ConvOptions options) {
        super(params, prefix, in, out, options,
                new Shape(in, out / options.groups(), options.kernel(), options.kernel()),
                out / options.groups() * options.kernel() * options.kernel());
    }

    @Override
    NDArray compute(NDArray x, NDArray w, NDArray b) {
        return apply(x, w, b, options);
    }

    /** The functional form, weight [in, out / groups, k, k], bias [out] or null. */
    public static NDArray apply(NDArray x, NDArray w, NDArray b, ConvOptions o) {
        int k = o.kernel(), g = o.groups(), s = o.stride(), d = o.dilation();
        long in = w.getShape().get(0), outPerGroup = w.getShape().get(1);
        if (x.getShape().dimension() != 4 || x.getShape().get(1) != in) {
            throw new IllegalArgumentException("transposed convolution takes [B, " + in + ", H, W], got " + x.getShape());
        }
        NDArray spread = s == 1 ? x : spread(x, s);                                     // [B, in, (H-1)s+1, (W-1)s+1]
        NDArray kernel = Constants.alongside(x, w.reshape(g, in / g, outPerGroup, k, k).transpose(0, 2, 1, 3, 4)
                .reshape(g * outPerGroup, in / g, k, k).flip(2, 3));                   // [out, in / g, k, k]
        int pad = d * (k - 1) - o.padding();
        NDArray y = Conv2d.apply(spread, kernel, b,
                new ConvOptions(k, 1, Math.max(pad, 0), d, g, b != null));             // [B, out, H', W'] (uncropped)
        if (pad >= 0) {
            return y;
        }
        long h = y.getShape().get(2), wd = y.getShape().get(3);
        return y.get(new NDIndex(":, :, {}:{}, {}:{}", -pad, h + pad, -pad, wd + pad));
    }

    /** [B, C, H, W] -> [B, C, (H-1)s+1, (W-1)s+1] with s-1 zeros between neighbouring pixels. */
    private static NDArray spread(NDArray x, int s) {
        NDManager m = x.getManager();
        int h = (int) x.getShape().get(2), w = (int) x.getShape().get(3);
        NDArray rows = Constants.of(m, spreadMatrix(h, s), new Shape((h - 1L) * s + 1, h));
        NDArray cols = Constants.of(m, spreadMatrix(w, s), new Shape((w - 1L) * s + 1, w));
        return Resize.apply(x, rows.toType(x.getDataType(), false), cols.toType(x.getDataType(), false));
    }

    /** The {@code [(n-1)s+1, n]} matrix putting input {@code i} at output {@code i * s}. */
    private static float[] spreadMatrix(int n, int s) {
        float[] m = new float[((n - 1) * s + 1) * n];
        for (int i = 0; i < n; i++) {
            m[i * s * n + i] = 1;
        }
        return m;
    }
}
