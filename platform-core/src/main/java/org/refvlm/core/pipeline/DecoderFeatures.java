package org.refvlm.core.pipeline;

import ai.djl.ndarray.NDArray;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.refvlm.spi.FeatureLevels;

/**
 * The feature maps decoders read, by the level names of {@link FeatureLevels}: {@code vit} (the
 * ViT's patch tokens as a grid) and {@code stride4} ... {@code stride32} (the pyramid encoder's stages).
 * Requests and training build them here, so a decoder sees the same maps in both.
 */
public final class DecoderFeatures {

    private DecoderFeatures() {
    }

    /**
     * @param vitTokens     [B, N, C] ViT patch tokens, N a square (no CLS token)
     * @param pyramidStages the pyramid encoder's stage maps [B, C_i, H_i, W_i], finest first; empty without one
     */
    public static Map<String, NDArray> of(NDArray vitTokens, List<NDArray> pyramidStages) {
        long b = vitTokens.getShape().get(0), n = vitTokens.getShape().get(1), c = vitTokens.getShape().get(2);
        int grid = (int) Math.round(Math.sqrt(n));
        if ((long) grid * grid != n) {
            throw new IllegalStateException("the ViT gives " + n + " tokens, not a square grid (drop the CLS token)");
        }
        Map<String, NDArray> features = new LinkedHashMap<>();
        features.put(FeatureLevels.VIT, vitTokens.transpose(0, 2, 1).reshape(b, c, grid, grid));          // [B, C, g, g]
        for (int i = 0; i < pyramidStages.size(); i++) {
            features.put(FeatureLevels.pyramidStage(i), pyramidStages.get(i));                           // [B, C_i, H_i, W_i]
        }
        return features;
    }
}
