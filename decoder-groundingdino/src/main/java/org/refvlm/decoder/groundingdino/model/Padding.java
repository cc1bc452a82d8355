package org.refvlm.decoder.groundingdino.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;

/** Zero padding and cyclic shifts of image-like arrays, written with slices and concatenation so they have gradients on any device. */
final class Padding {

    private Padding() {
    }

    /** [B, C, H, W] -> [B, C, H + bottom, W + right], zeros appended. */
    static NDArray bottomRight(NDArray x, int bottom, int right) {
        NDArray out = x;
        if (bottom > 0) {
            long[] s = out.getShape().getShape();
            NDArray zeros = out.getManager().zeros(new ai.djl.ndarray.types.Shape(s[0], s[1], bottom, s[3]),
                    out.getDataType(), out.getDevice());
            out = NDArrays.concat(new NDList(out, zeros), 2);
        }
        if (right > 0) {
            long[] s = out.getShape().getShape();
            NDArray zeros = out.getManager().zeros(new ai.djl.ndarray.types.Shape(s[0], s[1], s[2], right),
                    out.getDataType(), out.getDevice());
            out = NDArrays.concat(new NDList(out, zeros), 3);
        }
        return out;
    }

    /** torch.roll over axes 1 and 2 of [B, H, W, C]: element i moves to i + shift (cyclically). */
    static NDArray roll(NDArray x, int shiftH, int shiftW) {
        return rollAxis(rollAxis(x, 1, shiftH), 2, shiftW);
    }

    private static NDArray rollAxis(NDArray x, int axis, int shift) {
        long n = x.getShape().get(axis);
        long s = Math.floorMod(shift, n);
        if (s == 0) {
            return x;
        }
        // rolled[i] = x[(i - s) mod n]: the last s elements come first
        String head = axis == 1 ? ":, {}:" : ":, :, {}:";
        String tail = axis == 1 ? ":, :{}" : ":, :, :{}";
        return NDArrays.concat(new NDList(x.get(head, n - s), x.get(tail, n - s)), axis);
    }
}
