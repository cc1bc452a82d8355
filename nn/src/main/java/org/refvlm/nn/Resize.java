package org.refvlm.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Resizing the last two axes of a map as PyTorch's {@code F.interpolate} does with
 * {@code mode="bilinear", align_corners=False} (no antialiasing) or {@code mode="nearest"}. Both
 * are separable and linear, so the resize is two matrix products {@code R_h X R_w^T}: exact,
 * differentiable for free, on the engine's fast path on any device, and a caller can keep only the
 * output rows and columns it needs (decoders crop the padded square to the image this way).
 */
public final class Resize {

    private Resize() {
    }

    /** Bilinear resize of {@code x [..., h, w]} to {@code [..., outH, outW]}; {@code x} itself when the size matches. */
    public static NDArray bilinear(NDArray x, int outH, int outW) {
        int dims = x.getShape().dimension();
        if (x.getShape().get(dims - 2) == outH && x.getShape().get(dims - 1) == outW) {
            return x;
        }
        return bilinearCrop(x, outH, outW, outH, outW);
    }

    /**
     * Bilinear resize of {@code x [..., h, w]} to {@code outH x outW}, keeping only the top-left
     * {@code keepH x keepW} corner of the result.
     */
    public static NDArray bilinearCrop(NDArray x, int outH, int outW, int keepH, int keepW) {
        return bilinearCrop(x, outH, outW, 0, 0, keepH, keepW);
    }

    /**
     * Bilinear resize of {@code x [..., h, w]} to {@code outH x outW}, keeping only the
     * {@code keepH x keepW} window whose top-left corner is at ({@code top}, {@code left}).
     */
    public static NDArray bilinearCrop(NDArray x, int outH, int outW, int top, int left, int keepH, int keepW) {
        int dims = x.getShape().dimension();
        int h = (int) x.getShape().get(dims - 2), w = (int) x.getShape().get(dims - 1);
        NDManager m = x.getManager();
        NDArray rows = Constants.of(m, bilinearMatrix(h, outH, top, keepH), new Shape(keepH, h));
        NDArray cols = Constants.of(m, bilinearMatrix(w, outW, left, keepW), new Shape(keepW, w));
        return apply(x, rows.toType(x.getDataType(), false), cols.toType(x.getDataType(), false));
    }

    /** Nearest resize of {@code x [..., h, w]} to {@code [..., outH, outW]}; {@code x} itself when the size matches. */
    public static NDArray nearest(NDArray x, int outH, int outW) {
        int dims = x.getShape().dimension();
        int h = (int) x.getShape().get(dims - 2), w = (int) x.getShape().get(dims - 1);
        if (h == outH && w == outW) {
            return x;
        }
        NDManager m = x.getManager();
        NDArray rows = Constants.of(m, nearestMatrix(h, outH, outH), new Shape(outH, h));
        NDArray cols = Constants.of(m, nearestMatrix(w, outW, outW), new Shape(outW, w));
        return apply(x, rows.toType(x.getDataType(), false), cols.toType(x.getDataType(), false));
    }

    /**
     * @param x    [..., h, w]
     * @param rows [outH, h] row interpolation matrix
     * @param cols [outW, w] column interpolation matrix
     * @return [..., outH, outW]
     */
    public static NDArray apply(NDArray x, NDArray rows, NDArray cols) {
        NDArray wide = MatMul.of(x, cols.transpose());        // [..., h, outW]
        return MatMul.of(rows, wide);                          // [..., outH, outW], broadcast over leading axes
    }

    /**
     * Rows {@code 0..keep-1} of the {@code [out, in]} matrix of {@code mode='bilinear',
     * align_corners=False}: output {@code i} samples input coordinate {@code (i + 0.5) in/out - 0.5},
     * clamped at 0, between its two neighbours (the upper one clamped to the last pixel).
     */
    public static float[] bilinearMatrix(int in, int out, int keep) {
        return bilinearMatrix(in, out, 0, keep);
    }

    /** Rows {@code from..from+keep-1} of the {@code [out, in]} matrix of bilinear resizing. */
    public static float[] bilinearMatrix(int in, int out, int from, int keep) {
        float[] m = new float[keep * in];
        double scale = (double) in / out;
        for (int r = 0; r < keep; r++) {
            int i = from + r;
            double src = Math.max((i + 0.5) * scale - 0.5, 0);
            int i0 = Math.min((int) Math.floor(src), in - 1);
            int i1 = Math.min(i0 + 1, in - 1);
            double w1 = src - i0;
            m[r * in + i0] += (float) (1 - w1);
            m[r * in + i1] += (float) w1;
        }
        return m;
    }

    /**
     * Rows {@code 0..keep-1} of the {@code [out, in]} matrix of {@code mode='nearest'}: output
     * {@code i} reads input {@link #nearestSource}.
     */
    public static float[] nearestMatrix(int in, int out, int keep) {
        float[] m = new float[keep * in];
        for (int i = 0; i < keep; i++) {
            m[i * in + nearestSource(i, in, out)] = 1f;
        }
        return m;
    }

    /** The input index nearest-mode resizing reads for output {@code i}: {@code min(floor(i * in / out), in - 1)}. */
    public static int nearestSource(int i, int in, int out) {
        float scale = (float) in / out;
        return Math.min((int) Math.floor(i * scale), in - 1);
    }
}
