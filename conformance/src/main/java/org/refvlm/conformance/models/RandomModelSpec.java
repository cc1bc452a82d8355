package org.refvlm.conformance.models;

import java.util.List;

/** Sizes of a random model: tiny by default, so it runs anywhere in a second. */
public record RandomModelSpec(int llmHidden, int llmLayers, int llmHeads, int vitHidden, int vitLayers, int vitHeads,
        int vitImage, int vitPatch, List<Integer> convnextDims, long seed) {

    public RandomModelSpec {
        convnextDims = List.copyOf(convnextDims);
    }

    public static RandomModelSpec tiny(long seed) {
        return new RandomModelSpec(64, 2, 4, 32, 2, 2, 96, 16, List.of(16, 32, 64, 128), seed);
    }
}
