package org.refvlm.training;

import ai.djl.ndarray.NDManager;

/**
 * Deterministic training data: micro-batch {@code index} is a pure function of the seed and the
 * index. That is what lets a resumed run continue with exactly the batches the uninterrupted run
 * would have seen, knowing only its position.
 *
 * @param <B> batch type
 */
public interface BatchSource<B> {
    /**
     * Micro-batch number {@code index} (0-based over the whole run: optimizer step s with
     * accumulation K draws indices s·K … s·K+K−1). Arrays go on {@code manager}, which is closed
     * after the micro-batch.
     */
    B batch(long seed, long index, NDManager manager);

    /** Number of examples in a batch, for throughput. */
    default long examples(B batch) {
        return 1;
    }
}
