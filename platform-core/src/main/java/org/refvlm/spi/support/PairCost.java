package org.refvlm.spi.support;

import ai.djl.ndarray.NDArray;

/**
 * The matching cost of every prediction of a phrase group against every target of that group,
 * for all groups at once (the grouped form of DETR's {@code HungarianMatcher} cost).
 */
@FunctionalInterface
public interface PairCost {

    /**
     * @param predicted    {@code [G, N, ...]}: each group's predictions (detached), padded to N
     * @param targets      {@code [G, M, width]}: each group's encoded targets, padded to M
     * @param groupSamples per group, its sample in the batch (for per-sample data such as valid pixels)
     * @return {@code [G, N, M]}; padded cells may hold anything finite
     */
    NDArray cost(NDArray predicted, NDArray targets, int[] groupSamples);
}
