package org.refvlm.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.refvlm.encoder.clipvit.ClipImageProcessorConfig;

/** What Hugging Face writes beside the weights is read where present, and its mistakes are named. */
class GenerationConfigFileTest {

    @TempDir
    Path dir;

    @Test
    void stopTokensAreOneIdOrAListAndAbsentMeansNone() throws Exception {
        assertThat(GenerationConfigFile.stopTokens(dir)).isEmpty();
        Files.writeString(dir.resolve("generation_config.json"), "{\"eos_token_id\": [128001, 128009]}");
        assertThat(GenerationConfigFile.stopTokens(dir)).containsExactly(128001L, 128009L);
        Files.writeString(dir.resolve("generation_config.json"), "{\"eos_token_id\": 2, \"do_sample\": true}");
        assertThat(GenerationConfigFile.stopTokens(dir)).containsExactly(2L);
        Files.writeString(dir.resolve("generation_config.json"), "{\"eos_token_id\": \"</s>\"}");
        assertThatThrownBy(() -> GenerationConfigFile.stopTokens(dir))
                .hasMessage(dir.resolve("generation_config.json") + ": eos_token_id must be a token id or a list of them, "
                        + "found \"</s>\"");
    }

    @Test
    void aPreprocessorConfigAskingForOtherStatisticsIsRefusedNamingTheFile() throws Exception {
        ClipImageProcessorConfig.clip(336).write(dir);
        assertThat(ClipImageProcessorConfig.readChecked(dir, 336)).isPresent();
        assertThatThrownBy(() -> ClipImageProcessorConfig.readChecked(dir, 224))
                .hasMessage(dir.resolve("preprocessor_config.json") + ": crop_size 336x336 differs from the encoder's "
                        + "image_size 224");
        Files.writeString(dir.resolve("preprocessor_config.json"), "{\"image_mean\": [0.5, 0.5, 0.5], "
                + "\"image_std\": [0.5, 0.5, 0.5], \"crop_size\": 336, \"size\": 336}");
        assertThatThrownBy(() -> ClipImageProcessorConfig.readChecked(dir, 336))
                .hasMessageStartingWith(dir.resolve("preprocessor_config.json") + ": image_mean [0.5, 0.5, 0.5]");
    }
}
