package org.refvlm.trainer.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.refvlm.core.pipeline.ModelFolder;
import org.refvlm.encoder.clipvit.ClipVisionConfig;
import org.refvlm.encoder.convnext.ConvNextConfig;
import org.refvlm.spi.FeatureLevels;

/**
 * Which feature map a model folder's language model reads its image tokens from, and how wide that
 * map is in the folder's encoders: the projector's input width.
 */
public final class ImageTokenMaps {

    private ImageTokenMaps() {
    }

    /** The map named in the folder's {@code model.json}; the ViT's patches when it names none. */
    static String of(Path model) throws IOException {
        String map = ModelFolder.read(model).map(ModelFolder::imageTokens).orElse(null);
        return orVit(map);
    }

    /** {@code map}, or the ViT's patches when it is null or empty. */
    static String orVit(String map) {
        return map == null || map.isEmpty() ? FeatureLevels.VIT : map;
    }

    /**
     * Channels of {@code map} in the encoders of {@code model}: the ViT's hidden size, or the
     * ConvNeXt stage's width.
     *
     * @throws IllegalArgumentException when the map is neither or the folder's ConvNeXt has no such stage
     */
    static int width(Path model, String map) throws IOException {
        int vit = ClipVisionConfig.fromJson(model.resolve("clip-vit/config.json")).hiddenSize();
        List<Integer> dims = new ArrayList<>();
        ConvNextConfig.readJson(model.resolve("convnext/config.json")).path("dims").forEach(d -> dims.add(d.asInt()));
        return width(map, vit, dims);
    }

    /**
     * Channels of {@code map} (null: the ViT's patches) for encoders of these widths: the ViT's
     * hidden size, or the width of the ConvNeXt stage the map is.
     *
     * @throws IllegalArgumentException when the map is neither vit nor one of the ConvNeXt's stages
     */
    public static int width(String map, int vitWidth, List<Integer> convnextDims) {
        String m = map == null ? FeatureLevels.VIT : map;
        if (m.equals(FeatureLevels.VIT)) {
            return vitWidth;
        }
        for (int i = 0; i < convnextDims.size(); i++) {
            if (FeatureLevels.pyramidStage(i).equals(m)) {
                return convnextDims.get(i);
            }
        }
        throw new IllegalArgumentException("imageTokens '" + m + "' is neither vit nor a pyramid level "
                + FeatureLevels.ALL);
    }
}
