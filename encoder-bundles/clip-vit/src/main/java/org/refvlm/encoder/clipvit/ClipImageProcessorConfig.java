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

    /** The name Hugging Face gives the file beside a CLIP checkpoint. */
    public static final String FILE = "preprocessor_config.json";

    /**
     * The folder's {@code preprocessor_config.json} when it has one, checked against what the
     * platform does with this encoder's input: CLIP's statistics and one square side. A file that
     * asks for other preprocessing is refused, naming it, instead of being silently ignored.
     *
     * @param imageSize the encoder's input side ({@code config.json} image_size)
     */
    public static java.util.Optional<ClipImageProcessorConfig> readChecked(Path folder, int imageSize) throws IOException {
        Path file = folder.resolve(FILE);
        if (!java.nio.file.Files.isRegularFile(file)) {
            return java.util.Optional.empty();
        }
        ClipImageProcessorConfig c;
        try {
            c = fromJson(file);
        } catch (IOException e) {
            throw new IOException(file + " is not valid JSON: " + e.getMessage(), e);
        }
        if (!java.util.Arrays.equals(c.mean, CLIP_MEAN) || !java.util.Arrays.equals(c.std, CLIP_STD)) {
            throw new IOException(file + ": image_mean " + java.util.Arrays.toString(c.mean) + " and image_std "
                    + java.util.Arrays.toString(c.std) + " differ from OpenAI CLIP's, which the platform normalises with");
        }
        if (c.cropHeight != imageSize || c.cropWidth != imageSize) {
            throw new IOException(file + ": crop_size " + c.cropWidth + "x" + c.cropHeight + " differs from the encoder's "
                    + "image_size " + imageSize);
        }
        return java.util.Optional.of(c);
    }

    /** Writes {@code preprocessor_config.json} as transformers' CLIPImageProcessor saves it. */
    public void write(Path folder) throws IOException {
        ObjectMapper json = new ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode root = json.createObjectNode();
        root.putObject("crop_size").put("height", cropHeight).put("width", cropWidth);
        root.put("do_center_crop", true);
        root.put("do_convert_rgb", true);
        root.put("do_normalize", true);
        root.put("do_rescale", true);
        root.put("do_resize", true);
        com.fasterxml.jackson.databind.node.ArrayNode m = root.putArray("image_mean");
        for (float v : mean) {
            m.add(v);
        }
        com.fasterxml.jackson.databind.node.ArrayNode s = root.putArray("image_std");
        for (float v : std) {
            s.add(v);
        }
        root.put("image_processor_type", "CLIPImageProcessor");
        root.put("resample", 3);                                    // PIL's BICUBIC
        root.put("rescale_factor", rescaleFactor);
        root.putObject("size").put("shortest_edge", shortestEdge);
        java.nio.file.Files.createDirectories(folder);
        java.nio.file.Files.writeString(folder.resolve(FILE), json.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n");
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
