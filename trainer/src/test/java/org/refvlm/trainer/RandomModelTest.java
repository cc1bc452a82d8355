package org.refvlm.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.refvlm.tensor.safetensors.SafetensorsFile;

class RandomModelTest {

    @TempDir
    Path dir;

    /** Every one-dimensional weight is a norm's scale, whatever its name (ConvNeXt's stem.1, downsample.0). */
    @Test
    void normScalesStartAtOneAndLayerScalesAreOn() throws Exception {
        RandomModelSpec spec = new RandomModelSpec(32, 1, 2, 16, 1, 2, 32, 16, List.of(8, 16, 32, 64),
                List.of(1, 2, 1, 1), 3);
        RandomModel.write(dir, spec, Device.cpu());
        int checked = 0;
        for (String part : List.of("convnext", "clip-vit", "llm")) {
            try (SafetensorsFile f = SafetensorsFile.open(dir.resolve(part).resolve("model.safetensors"))) {
                for (String name : f.names()) {
                    if (f.info(name).shape().length == 1 && (name.endsWith("weight") || name.endsWith("gamma"))) {
                        assertThat(f.readFloats(name)).as(part + " " + name).containsOnly(1f);
                        checked++;
                    }
                }
            }
        }
        assertThat(checked).isGreaterThan(10);
    }

    @Test
    void theFolderHasTheFilesHuggingFaceWritesAndTheyLoad() throws Exception {
        RandomModelSpec spec = new RandomModelSpec(32, 1, 2, 16, 1, 2, 32, 16, List.of(8, 16, 32, 64),
                List.of(1, 2, 1, 1), 3);
        RandomModel.write(dir, spec, Device.cpu());
        assertThat(org.refvlm.llm.GenerationConfigFile.stopTokens(dir.resolve("llm"))).containsExactly(2L);
        assertThat(org.refvlm.encoder.clipvit.ClipImageProcessorConfig.readChecked(dir.resolve("clip-vit"), 32))
                .isPresent();
        assertThat(java.nio.file.Files.readString(dir.resolve("convnext/config.json"))).contains("\"depths\" : [ 1, 2, 1, 1 ]");
        try (var trunk = org.refvlm.encoder.convnext.ConvNextModels.load(dir.resolve("convnext"), Device.cpu())) {
            assertThat(trunk.config().depths()).containsExactly(1, 2, 1, 1);     // checked against config.json
        }
    }

    @Test
    void convnextDepthsAreOptionalAndChecked() {
        RandomModelSpec plain = new RandomModelSpec(32, 1, 2, 16, 1, 2, 32, 16, List.of(8, 16, 32, 64), null, 3);
        assertThat(plain.convnextDepths()).isEqualTo(RandomModelSpec.DEFAULT_CONVNEXT_DEPTHS);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new RandomModelSpec(32, 1, 2, 16, 1, 2, 32, 16,
                List.of(8, 16, 32, 64), List.of(1, 1), 3)).hasMessageContaining("convnextDepths");
    }
}
