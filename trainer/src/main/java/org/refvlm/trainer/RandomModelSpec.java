package org.refvlm.trainer;

import java.util.List;

/** Sizes of a random model: tiny by default, so it runs anywhere in a second. */
public record RandomModelSpec(int llmHidden, int llmLayers, int llmHeads, int vitHidden, int vitLayers, int vitHeads,
        int vitImage, int vitPatch, List<Integer> convnextDims, List<Integer> convnextDepths, long seed) {

    /** ConvNeXt blocks per stage when a spec does not say. */
    public static final List<Integer> DEFAULT_CONVNEXT_DEPTHS = List.of(1, 1, 1, 1);

    public RandomModelSpec {
        convnextDims = List.copyOf(convnextDims);
        convnextDepths = convnextDepths == null ? DEFAULT_CONVNEXT_DEPTHS : List.copyOf(convnextDepths);
        if (convnextDepths.size() != convnextDims.size() || convnextDepths.stream().anyMatch(d -> d < 1)) {
            throw new IllegalArgumentException("convnextDepths must give at least one block for each of the "
                    + convnextDims.size() + " stages, got " + convnextDepths);
        }
    }

    public static RandomModelSpec tiny(long seed) {
        return new RandomModelSpec(64, 2, 4, 32, 2, 2, 96, 16, List.of(16, 32, 64, 128), null, seed);
    }
}
