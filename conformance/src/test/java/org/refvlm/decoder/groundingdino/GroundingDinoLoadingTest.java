package org.refvlm.decoder.groundingdino;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.refvlm.TestFixtures;
import org.refvlm.decoder.groundingdino.model.GroundingDinoModels;

/**
 * A Grounding DINO checkpoint that does not fit its config is refused with the weights named, and
 * a config asking for what the port does not run is refused with the option named.
 */
class GroundingDinoLoadingTest {

    @TempDir
    Path dir;

    private Path copyWithConfig(String from, String to) throws Exception {
        Path src = TestFixtures.folder("grounding-dino-tiny");
        Files.copy(src.resolve("model.safetensors"), dir.resolve("model.safetensors"));
        String config = Files.readString(src.resolve("config.json"));
        if (!config.contains(from)) {
            throw new IllegalStateException("fixture config has no " + from);
        }
        Files.writeString(dir.resolve("config.json"), config.replace(from, to));
        return dir;
    }

    @Test
    void misShapedWeightsAreNamed() throws Exception {
        Path folder = copyWithConfig("\"encoder_ffn_dim\": 64", "\"encoder_ffn_dim\": 128");
        assertThatThrownBy(() -> GroundingDinoModels.load(folder, Device.cpu()))
                .hasMessageContaining("model.encoder.layers.0.deformable_layer.fc1.weight")
                .hasMessageContaining("model.encoder.layers.0.text_enhancer_layer.fc1.weight");
    }

    @Test
    void missingWeightsAreNamed() throws Exception {
        Path folder = copyWithConfig("\"decoder_layers\": 2", "\"decoder_layers\": 3");
        assertThatThrownBy(() -> GroundingDinoModels.load(folder, Device.cpu()))
                .hasMessageContaining("model.decoder.layers.2.fc1.weight");
    }

    @Test
    void optionsThePortDoesNotRunAreNamed() throws Exception {
        Path folder = copyWithConfig("\"two_stage\": true", "\"two_stage\": false");
        assertThatThrownBy(() -> GroundingDinoModels.load(folder, Device.cpu()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("two_stage");
    }
}
