package org.refvlm.decoder.detr.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Bilinear resizing of feature maps with PyTorch's {@code interpolate(mode="bilinear",
 * align_corners=False)} sampling (no antialiasing). Bilinear interpolation is separable, so the
 * resize is two matrix products {@code R_h X R_w^T}; that keeps it exact, differentiable and on
 * the engine's fast path without depending on the engine's interpolation enum.
 */
public final class BilinearResize {

    private BilinearResize() {
    }

    /** [B, C, H, W] -> [B, C, outH, outW]; the same array when the size already matches. */
    public static NDArray resize(NDArray x, int outH, int outW) {
        Shape s = x.getShape();
        int inH = (int) s.get(2);
        int inW = (int) s.get(3);
        if (inH == outH && inW == outW) {
            return x;
        }
        NDManager manager = x.getManager();
        NDArray rowsT = manager.create(matrix(inW, outW), new Shape(outW, inW)).transpose(); // [W, outW]
        NDArray rows = manager.create(matrix(inH, outH), new Shape(outH, inH));              // [outH, H]
        NDArray alongW = x.matMul(rowsT.toType(x.getDataType(), false));                    // [B, C, H, outW]
        return rows.toType(x.getDataType(), false).matMul(alongW);                          // [B, C, outH, outW]
    }

    /**
     * The {@code [out, in]} interpolation matrix of one axis: output pixel centre {@code d} samples
     * the input at {@code (d + 0.5) * in / out - 0.5}, clamped at 0 as PyTorch does, and blends its
     * two neighbours (the upper one clamped to the last pixel).
     */
    static float[] matrix(int in, int out) {
        float[] m = new float[out * in];
        double scale = (double) in / out;
        for (int d = 0; d < out; d++) {
            double src = Math.max(0, (d + 0.5) * scale - 0.5);
            int i0 = Math.min((int) src, in - 1);
            int i1 = Math.min(i0 + 1, in - 1);
            float upper = (float) (src - i0);
            m[d * in + i0] += 1 - upper;
            m[d * in + i1] += upper;
        }
        return m;
    }
}
