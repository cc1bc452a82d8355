package org.refvlm.encoder.clipvit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.refvlm.tensor.safetensors.SafetensorsFile;

/**
 * CLIP preprocessing of portrait, landscape and square pictures, with odd and even crop offsets
 * and a crop larger than the resized picture, against the pixel values transformers computes
 * (src/test/python/make_clip_preprocess_golden.py), within the clip-vit-tiny fixture's tolerance.
 */
class ClipImageProcessorGoldenTest {

    private static Path folder() throws URISyntaxException {
        return Path.of(ClipImageProcessorGoldenTest.class.getResource("/clip-preprocess/manifest.json").toURI())
                .getParent();
    }

    static List<String> cases() throws Exception {
        List<String> names = new ArrayList<>();
        for (JsonNode c : new ObjectMapper().readTree(folder().resolve("manifest.json").toFile()).get("cases")) {
            names.add(c.get("name").asText());
        }
        return names;
    }

    @ParameterizedTest
    @MethodSource("cases")
    void matchesTransformers(String name) throws Exception {
        JsonNode manifest = new ObjectMapper().readTree(folder().resolve("manifest.json").toFile());
        JsonNode c = null;
        for (JsonNode each : manifest.get("cases")) {
            if (each.get("name").asText().equals(name)) {
                c = each;
            }
        }
        float[] mean = floats(manifest.get("image_mean"));
        float[] std = floats(manifest.get("image_std"));
        ClipImageProcessorConfig config = new ClipImageProcessorConfig(c.get("shortest_edge").asInt(),
                c.get("crop_height").asInt(), c.get("crop_width").asInt(), 1.0 / 255.0, mean, std, true);
        BufferedImage picture = ImageIO.read(folder().resolve(c.get("picture").asText()).toFile());
        float[] actual = new ClipImageProcessor(config).process(picture);
        float[] expected;
        try (SafetensorsFile golden = SafetensorsFile.open(folder().resolve("golden.safetensors"))) {
            expected = golden.readFloats(name + ".out.pixel_values");
        }
        assertThat(actual).hasSameSizeAs(expected);
        double worst = 0;
        for (int i = 0; i < actual.length; i++) {
            worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
        }
        assertThat(worst).as("%s: %dx%d, crop offset (%d, %d)", name, picture.getWidth(), picture.getHeight(),
                c.get("crop_top").asInt(), c.get("crop_left").asInt()).isLessThanOrEqualTo(manifest.get("atol").asDouble());
    }

    private static float[] floats(JsonNode n) {
        float[] f = new float[n.size()];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) n.get(i).asDouble();
        }
        return f;
    }
}
