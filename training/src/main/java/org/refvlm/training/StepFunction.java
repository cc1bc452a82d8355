package org.refvlm.training;

import ai.djl.ndarray.NDArray;

/**
 * The model side of a training step: the forward pass of one micro-batch, returning the scalar
 * loss. It runs inside the micro-batch's open {@link ai.djl.training.GradientCollector}; the
 * trainer does the backward pass (scaled for accumulation), so the function never calls backward
 * and never touches gradients or the optimizer.
 *
 * <p>Every array created while it runs is closed after the micro-batch (an NDScope); a function
 * that creates long-lived arrays (lazy parameters) must unregister them.
 *
 * @param <B> batch type
 */
@FunctionalInterface
public interface StepFunction<B> {
    NDArray loss(MicroBatch<B> micro);
}
