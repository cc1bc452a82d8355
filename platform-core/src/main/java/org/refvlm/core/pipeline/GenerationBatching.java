package org.refvlm.core.pipeline;

import java.time.Duration;

/**
 * Whether and how the pipeline batches the greedy generations of concurrent requests. Off by
 * default: a batched row's hidden states match one-by-one generation only to the last bits of
 * float32 (padding changes the order of some sums), so decoded boxes and masks can move in their
 * sixth significant digit. Turned on where throughput matters more than bit-identical answers.
 *
 * @param maxRows the most requests one batch holds; 1 turns batching off
 * @param window  how long the first request waits for the others in flight to reach generation
 */
public record GenerationBatching(int maxRows, Duration window) {

    /** No batching: every request generates alone. */
    public static final GenerationBatching OFF = new GenerationBatching(1, Duration.ZERO);

    public GenerationBatching {
        if (maxRows < 1) {
            throw new IllegalArgumentException("a generation batch holds at least 1 request, got " + maxRows);
        }
        if (window == null || window.isNegative()) {
            throw new IllegalArgumentException("the batching window must be zero or more, got " + window);
        }
    }

    public boolean enabled() {
        return maxRows > 1;
    }
}
