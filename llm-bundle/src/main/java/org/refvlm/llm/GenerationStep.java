package org.refvlm.llm;

import ai.djl.ndarray.NDArray;

/**
 * What one decoding step saw and chose. {@code lastHiddenStates} [B, n, D] are the last layer's
 * states (after the final norm) at the n positions fed in this step: the whole prompt at step 0,
 * then the previously generated token. The state at a {@code <REF>} input position is the one
 * REF-VLM hands to its decoders. The array is closed after the listener returns: copy what you keep.
 *
 * @param step             0 for the prompt step
 * @param inputPositions   absolute sequence index of the first fed position
 * @param lastHiddenStates [B, n, D]
 * @param nextTokens       the token chosen for each row (pad for finished rows)
 */
public record GenerationStep(int step, int inputPositions, NDArray lastHiddenStates, long[] nextTokens) {
}
