package org.refvlm.training;

import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;

/**
 * One micro-batch as handed to a {@link StepFunction}.
 *
 * @param step      0-based index of the optimizer step it belongs to
 * @param index     position within the step (0 … accumulation−1)
 * @param global    data position (step · accumulation + index)
 * @param data      the batch
 * @param manager   manager for temporaries, closed after the micro-batch
 * @param collector the open gradient collector the loss is computed in
 * @param seed      seed for any randomness of this micro-batch, derived from recipe seed and position
 * @param <B>       batch type
 */
public record MicroBatch<B>(long step, int index, long global, B data, NDManager manager,
                            GradientCollector collector, long seed) {
}
