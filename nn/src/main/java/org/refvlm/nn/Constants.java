package org.refvlm.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Arrays built from Java data that are safe to keep in an autograd graph, and parameter views
 * that do not pile up in the parameters' manager.
 *
 * <p>DJL 0.36's PyTorch engine wraps Java data without copying ({@code from_blob} over a direct
 * buffer the engine cannot reference-count): if the wrapper is closed before the backward pass,
 * the graph reads freed memory. {@link #of} copies into storage the engine owns.
 */
public final class Constants {

    private Constants() {
    }

    /** A FLOAT32 array holding {@code data}, in engine-owned storage, on {@code manager}. */
    public static NDArray of(NDManager manager, float[] data, Shape shape) {
        return owned(manager.create(data, shape));
    }

    /** A copy of {@code wrapped} in engine-owned storage, same manager; {@code wrapped} is closed. */
    public static NDArray owned(NDArray wrapped) {
        NDArray copy = wrapped.duplicate();
        copy.setName(wrapped.getName());
        wrapped.close();
        return copy;
    }

    /**
     * Moves a view of a parameter (a reshape, a slice, an added axis) into the manager of the
     * activation it is combined with. Ops put their result in their first operand's manager, so a
     * view taken of a parameter would otherwise pile up, once per step, in the long-lived
     * parameter manager.
     */
    public static NDArray alongside(NDArray activation, NDArray parameterView) {
        parameterView.attach(activation.getManager());
        return parameterView;
    }
}
