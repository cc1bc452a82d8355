package org.refvlm.core.pipeline;

import ai.djl.ndarray.NDArray;
import java.util.Map;

/**
 * Which feature map the language model reads ({@link PipelineSettings#imageTokens}), for requests
 * and training alike: its cells, row by row, are the image tokens before the projector, and visual
 * prompts are drawn on that map's input square and pooled from its grid, so that prompt tokens live
 * in the same space as image tokens (the shared projector of paper section IV-B).
 */
public final class LanguageImageTokens {

    private LanguageImageTokens() {
    }

    /**
     * @param features the batch's feature maps by level ({@link DecoderFeatures#of}), each [B, C, g, g]
     * @return [B, C, g, g] the map the language model reads
     * @throws IllegalStateException naming the level when the map is not there (no pyramid encoder)
     */
    public static NDArray grid(Map<String, NDArray> features, PipelineSettings settings) {
        NDArray grid = features.get(settings.imageTokens());
        if (grid == null) {
            throw new IllegalStateException("the model reads its image tokens from '" + settings.imageTokens()
                    + "' but the encoders gave only " + features.keySet() + " (is the pyramid encoder running?)");
        }
        return grid;
    }

    /**
     * @param vitTokens [B, N, C] the ViT's patch tokens (the tokens themselves when the model reads the ViT)
     * @return [B, N', C'] the image tokens before the projector, in row-major grid order
     */
    public static NDArray tokens(NDArray vitTokens, Map<String, NDArray> features, PipelineSettings settings) {
        if (!settings.imageTokensFromPyramid()) {
            return vitTokens;
        }
        NDArray grid = grid(features, settings);                                      // [B, C, g, g]
        long b = grid.getShape().get(0), c = grid.getShape().get(1);
        return grid.reshape(b, c, -1).transpose(0, 2, 1);                             // [B, g*g, C]
    }

    /** The side of the square visual prompts are drawn on: the input side of the encoder the model reads. */
    public static int promptSide(int vitSide, PipelineSettings settings) {
        return settings.imageTokensFromPyramid() ? settings.pyramidSide() : vitSide;
    }
}
