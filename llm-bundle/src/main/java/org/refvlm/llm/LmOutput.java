package org.refvlm.llm;

import ai.djl.ndarray.NDArray;
import java.util.List;

/**
 * Forward results, attached to the caller's manager.
 *
 * @param logits          [B, L, V] (or [B, 1, V] when only the last position was asked for)
 * @param hiddenStates    L+1 arrays [B, L, D] as transformers reports them: index 0 the input
 *                        embeddings, index i the output of layer i-1, the last one after the final
 *                        RMSNorm; empty when not requested
 * @param lastHiddenState [B, L, D] after the final RMSNorm (REF-VLM's {@code hidden_states[-1]})
 */
public record LmOutput(NDArray logits, List<NDArray> hiddenStates, NDArray lastHiddenState) {
}
