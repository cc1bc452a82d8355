package org.refvlm.decoder.maskformer.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Constants in memory the engine owns, for everything that may be saved by autograd.
 *
 * <p>Why: DJL 0.36's PyTorch engine wraps Java data without copying ({@code from_blob} over a
 * direct buffer the engine cannot reference-count). Its {@code NDArray.mul(Number)} and
 * {@code div(Number)} create such a scalar, run the op and close the scalar at once; the
 * backward of mul and div saves that scalar, so it later reads freed memory and gradients turn
 * to garbage at random (it showed up as NaN after a few dozen training steps). The same holds
 * for any array made with {@code create(float[])} whose wrapper is closed before backward.
 * Hence: scale only by {@link #scale}, and build constants with {@link #constant}.
 */
public final class EngineTensors {

    private EngineTensors() {
    }

    /** A 0-dimensional FLOAT32 tensor created by the engine, in {@code like}'s manager. */
    public static NDArray scalar(NDArray like, double value) {
        return like.getManager().full(new Shape(), (float) value, DataType.FLOAT32);
    }

    /** {@code x * value}, autograd-safe. */
    public static NDArray scale(NDArray x, double value) {
        return x.mul(scalar(x, value));
    }

    /** A FLOAT32 constant with engine-owned storage. */
    public static NDArray constant(NDManager manager, float[] data, Shape shape) {
        return owned(manager.create(data, shape));
    }

    /**
     * Moves a view of a parameter (a reshape, an added axis) into the manager of the activation
     * it is combined with. Ops put their result in their first operand's manager, so a view taken
     * of a parameter would otherwise pile up, once per step, in the long-lived parameter manager.
     */
    public static NDArray alongside(NDArray activation, NDArray parameterView) {
        parameterView.attach(activation.getManager());
        return parameterView;
    }

    /** A copy of {@code wrapped} in engine-owned storage, same manager; {@code wrapped} is closed. */
    public static NDArray owned(NDArray wrapped) {
        NDArray copy = wrapped.duplicate();
        wrapped.close();
        return copy;
    }
}
