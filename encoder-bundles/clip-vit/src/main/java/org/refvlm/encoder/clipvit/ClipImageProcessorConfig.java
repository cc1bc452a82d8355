package org.refvlm.encoder.clipvit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;

/**
 * CLIP preprocessing settings ({@code preprocessor_config.json}).
 *
 * @param shortestEdge  target of the shortest side after resizing
 * @param cropHeight    centre-crop height
 * @param cropWidth     centre-crop width
 * @param rescaleFactor usually 1/255
 * @param mean          per-channel mean (after rescale)
 * @param std           per-channel std (after rescale)
 * @param roundToUint8  keep the resized image in 8 bits, as transformers' torchvision path does
 */
public record ClipImageProcessorConfig(int shortestEdge, int cropHeight, int cropWidth, double rescaleFactor,
                                       float[] mean, float[] std, boolean roundToUint8) {
    /** OpenAI CLIP statistics. */
    public static final float[] CLIP_MEAN = {0.48145466f, 0.4578275f, 0.40821073f};
    public static final float[] CLIP_STD = {0.26862954f, 0.26130258f, 0.27577711f};

    public ClipImageProcessorConfig {
        mean = mean.clone();
        std = std.clone();
    }

    @Override
    public float[] mean() {
        return mean.clone();
    }

    @Override
    public float[] std() {
        return std.clone();
    }

    /** Square CLIP preprocessing at {@code size} (REF-VLM: 336 for the ViT, 512 for ConvNeXt). */
    public static ClipImageProcessorConfig clip(int size) {
        return new ClipImageProcessorConfig(size, size, size, 1.0 / 255.0, CLIP_MEAN, CLIP_STD, true);
    }

    public static ClipImageProcessorConfig fromJson(Path preprocessorConfig) throws IOException {
        JsonNode c = new ObjectMapper().readTree(preprocessorConfig.toFile());
        JsonNode size = c.path("size");
        int shortest = size.isInt() ? size.asInt() : size.path("shortest_edge").asInt(224);
        JsonNode crop = c.path("crop_size");
        int ch = crop.isInt() ? crop.asInt() : crop.path("height").asInt(shortest);
        int cw = crop.isInt() ? crop.asInt() : crop.path("width").asInt(shortest);
        return new ClipImageProcessorConfig(shortest, ch, cw, c.path("rescale_factor").asDouble(1.0 / 255.0),
                floats(c.get("image_mean"), CLIP_MEAN), floats(c.get("image_std"), CLIP_STD), true);
    }

    private static float[] floats(JsonNode n, float[] def) {
        if (n == null || !n.isArray()) {
            return def;
        }
        float[] f = new float[n.size()];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) n.get(i).asDouble();
        }
        return f;
    }
}
