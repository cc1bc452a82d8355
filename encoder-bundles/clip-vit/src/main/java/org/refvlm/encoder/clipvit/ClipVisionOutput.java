package org.refvlm.encoder.clipvit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import java.util.List;

/**
 * @param hiddenStates    layers + 1 arrays [B, N+1, D]: index 0 the embeddings after
 *                        {@code pre_layrnorm}, index i the output of layer i
 * @param lastHiddenState [B, N+1, D] output of the last layer (no post norm)
 * @param pooledOutput    [B, D] {@code post_layernorm} of the CLS token
 */
public record ClipVisionOutput(List<NDArray> hiddenStates, NDArray lastHiddenState, NDArray pooledOutput) {

    /**
     * The features REF-VLM reads: hidden state {@code layer} (negative counts from the end, -2 =
     * penultimate) with the CLS token dropped when {@code dropCls}: [B, N, D].
     */
    public NDArray select(int layer, boolean dropCls) {
        int i = layer < 0 ? hiddenStates.size() + layer : layer;
        if (i < 0 || i >= hiddenStates.size()) {
            throw new IllegalArgumentException("layer " + layer + " outside 0.." + (hiddenStates.size() - 1));
        }
        NDArray h = hiddenStates.get(i);
        return dropCls ? h.get(new NDIndex(":, 1:, :")) : h;
    }
}
