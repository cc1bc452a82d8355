package org.refvlm.nn;

import ai.djl.ndarray.NDArray;

/**
 * Inverted dropout at a fixed rate: while training, each element is zeroed with probability
 * {@code rate} and the rest scaled by {@code 1 / (1 - rate)}; otherwise the identity. The engine's
 * own dropout op, so it draws from the engine generator a trainer seeds per step.
 */
public final class Dropout {

    private final float rate;

    public Dropout(double rate) {
        if (!(rate >= 0 && rate < 1)) {
            throw new IllegalArgumentException("dropout rate must be in [0, 1), got " + rate);
        }
        this.rate = (float) rate;
    }

    public NDArray forward(NDArray x, boolean training) {
        return apply(x, rate, training);
    }

    /** The functional form. */
    public static NDArray apply(NDArray x, double rate, boolean training) {
        return training && rate > 0 ? ai.djl.nn.norm.Dropout.dropout(x, (float) rate, true).singletonOrThrow() : x;
    }

    public double rate() {
        return rate;
    }
}
