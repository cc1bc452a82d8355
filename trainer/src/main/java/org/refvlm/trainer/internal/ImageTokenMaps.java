package org.refvlm.trainer.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import org.refvlm.core.pipeline.ModelFolder;
import org.refvlm.encoder.clipvit.ClipVisionConfig;
import org.refvlm.encoder.convnext.ConvNextConfig;
import org.refvlm.spi.FeatureLevels;

/**
 * Which feature map a model folder's language model reads its image tokens from, and how wide that
 * map is in the folder's encoders: the projector's input width.
 */
final class ImageTokenMaps {

    private ImageTokenMaps() {
    }

    /** The map named in the folder's {@code model.json}; the ViT's patches when it names none. */
    static String of(Path model) throws IOException {
        String map = ModelFolder.read(model).map(ModelFolder::imageTokens).orElse(null);
        return orVit(map);
    }

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
        if (map.equals(FeatureLevels.VIT)) {
            return ClipVisionConfig.fromJson(model.resolve("clip-vit/config.json")).hiddenSize();
        }
        int stage = FeatureLevels.ALL.indexOf(map) - 1; // ALL is vit, then the pyramid from stride 4
        if (stage < 0) {
            throw new IllegalArgumentException("imageTokens '" + map + "' is neither vit nor a pyramid level "
                    + FeatureLevels.ALL);
        }
        JsonNode dims = ConvNextConfig.readJson(model.resolve("convnext/config.json")).path("dims");
        if (dims.size() <= stage) {
            throw new IllegalArgumentException("imageTokens '" + map + "': the ConvNeXt of " + model + " has "
                    + dims.size() + " stages (dims " + dims + ")");
        }
        return dims.get(stage).asInt();
    }
}
