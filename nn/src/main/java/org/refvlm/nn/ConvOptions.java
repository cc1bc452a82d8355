package org.refvlm.nn;

/**
 * How a square-kernel convolution slides: stride, zero padding, dilation, groups, and whether it
 * has a bias. Start from {@link #kernel} and change what differs, e.g.
 * {@code ConvOptions.kernel(3).padding(1).noBias()}.
 */
public record ConvOptions(int kernel, int stride, int padding, int dilation, int groups, boolean bias) {

    public ConvOptions {
        if (kernel <= 0 || stride <= 0 || padding < 0 || dilation <= 0 || groups <= 0) {
            throw new IllegalArgumentException("convolution needs kernel, stride, dilation and groups above 0 and"
                    + " padding of 0 or more; got kernel " + kernel + ", stride " + stride + ", padding " + padding
                    + ", dilation " + dilation + ", groups " + groups);
        }
    }

    /** A {@code k x k} kernel, stride 1, no padding, dilation 1, one group, with a bias. */
    public static ConvOptions kernel(int k) {
        return new ConvOptions(k, 1, 0, 1, 1, true);
    }

    public ConvOptions stride(int s) {
        return new ConvOptions(kernel, s, padding, dilation, groups, bias);
    }

    public ConvOptions padding(int p) {
        return new ConvOptions(kernel, stride, p, dilation, groups, bias);
    }

    public ConvOptions dilation(int d) {
        return new ConvOptions(kernel, stride, padding, d, groups, bias);
    }

    public ConvOptions groups(int g) {
        return new ConvOptions(kernel, stride, padding, dilation, g, bias);
    }

    /** Without a bias (a convolution followed by a norm, whose shift replaces it). */
    public ConvOptions noBias() {
        return new ConvOptions(kernel, stride, padding, dilation, groups, false);
    }
}
