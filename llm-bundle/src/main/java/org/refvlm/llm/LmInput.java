package org.refvlm.llm;

import ai.djl.ndarray.NDArray;

/**
 * One forward pass's input. Exactly one of {@code inputIds} [B, L] (int64) and
 * {@code inputsEmbeds} [B, L, D] is set; embeddings are how image and visual-prompt features
 * enter. {@code attentionMask} [B, past + L] (1 = attend, 0 = padding) may be null (all ones);
 * {@code positionIds} [B, L] may be null (then past..past+L-1, as transformers does when the
 * caller passes none).
 */
public record LmInput(NDArray inputIds, NDArray inputsEmbeds, NDArray attentionMask, NDArray positionIds,
                      boolean outputHiddenStates, boolean logitsForLastPositionOnly) {

    public LmInput {
        if ((inputIds == null) == (inputsEmbeds == null)) {
            throw new IllegalArgumentException("give exactly one of inputIds and inputsEmbeds");
        }
    }

    public static LmInput ids(NDArray inputIds, NDArray attentionMask) {
        return new LmInput(inputIds, null, attentionMask, null, true, false);
    }

    public static LmInput embeds(NDArray inputsEmbeds, NDArray attentionMask) {
        return new LmInput(null, inputsEmbeds, attentionMask, null, true, false);
    }
}
