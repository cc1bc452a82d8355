package org.refvlm.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Arithmetic with a constant that is safe under autograd. DJL 0.36's PyTorch engine turns the
 * number of {@code x.mul(2f)}, {@code x.div(2f)} or {@code x.pow(2f)} into a temporary tensor and
 * frees it at once, while PyTorch keeps it for the backward pass: the gradient is then computed
 * from freed memory and comes out as garbage (ScalarsTest shows it). Here the constant lives in
 * {@code x}'s manager, as long as the graph can need it. Forward-only code may use DJL's forms;
 * {@code add(Number)} and {@code sub(Number)} are safe, their backward needs no saved scalar.
 */
public final class Scalars {

    private Scalars() {
    }

    /**
     * A 0-dimensional constant of {@code like}'s type in {@code like}'s manager, with storage the
     * engine allocates ({@code full}): an array made from Java data wraps a direct buffer the
     * engine does not reference-count.
     */
    public static NDArray constant(NDArray like, double value) {
        return like.getManager().full(new Shape(), (float) value, like.getDataType());
    }

    /** {@code x * value} */
    public static NDArray mul(NDArray x, double value) {
        return x.mul(constant(x, value));
    }

    /** {@code x / value} */
    public static NDArray div(NDArray x, double value) {
        return x.div(constant(x, value));
    }

    /** {@code x ^ value} */
    public static NDArray pow(NDArray x, double value) {
        return x.pow(constant(x, value));
    }

    /** {@code 0 * sum(x)}: exactly zero, yet a function of everything {@code x} depends on. */
    public static NDArray zeroLike(NDArray x) {
        return mul(x.sum(), 0);
    }
}
