package org.refvlm.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model folder may bring two decoders for one unit, told apart by kind and ranked. */
class ModelFolderTest {

    @TempDir
    Path dir;

    private static ModelFolder with(List<ModelFolder.Decoder> decoders) {
        return new ModelFolder("m", "<image>{prompt}", 128, 3, 10_000, decoders, null);
    }

    @Test
    void twoDecodersOfOneUnitKeepTheirRankings() throws Exception {
        with(List.of(new ModelFolder.Decoder("mask", "maskformer", "decoders/mask"),
                new ModelFolder.Decoder("mask", "sam", "decoders/mask-sam").rankedAt(-1))).write(dir);
        String json = Files.readString(dir.resolve(ModelFolder.FILE));
        assertThat(json).contains("\"ranking\" : -1").doesNotContain("\"ranking\" : null");
        ModelFolder read = ModelFolder.read(dir).orElseThrow();
        assertThat(read.decoders()).extracting(ModelFolder.Decoder::kind, ModelFolder.Decoder::serviceRanking)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("maskformer", 0), org.assertj.core.groups.Tuple.tuple("sam", -1));
        // the ranking survives recording the base
        assertThat(read.decoders().get(1).trainedAgainst("sha256:x").serviceRanking()).isEqualTo(-1);
    }

    @Test
    void decodersThatCouldNotBeToldApartAreRefused() throws Exception {
        assertThatThrownBy(() -> with(List.of(new ModelFolder.Decoder("mask", "maskformer", "decoders/mask"),
                new ModelFolder.Decoder("mask", "maskformer", "decoders/mask-2"))))
                .hasMessageContaining("two decoders of kind 'maskformer' for unit 'mask'");
        assertThatThrownBy(() -> with(List.of(new ModelFolder.Decoder("mask", "maskformer", "decoders/x"),
                new ModelFolder.Decoder("box", "detr", "decoders/x"))))
                .hasMessageContaining("share the folder decoders/x");
        Files.writeString(dir.resolve(ModelFolder.FILE), "{\"name\": \"m\", \"template\": \"<image>{prompt}\", "
                + "\"pyramidSide\": 128, \"gridSide\": 3, \"temperature\": 10000, \"decoders\": [{\"unit\": \"box\"}]}");
        assertThatThrownBy(() -> ModelFolder.read(dir)).hasMessageContaining("is not a valid model description")
                .hasMessageContaining("decoders[0] needs 'unit', 'kind' and 'path'");
    }

    @Test
    void lookingAgainIsWrittenOnlyForAModelTrainedSoAndReadBack() throws Exception {
        with(List.of()).write(dir);
        assertThat(Files.readString(dir.resolve(ModelFolder.FILE))).doesNotContain("lookAgain");
        assertThat(ModelFolder.read(dir).orElseThrow().looksAgain()).isFalse();

        new ModelFolder("m", "<image>{prompt}", 128, 3, 10_000, List.of(), null, null, true).write(dir);
        assertThat(Files.readString(dir.resolve(ModelFolder.FILE))).contains("\"lookAgain\" : true");
        assertThat(ModelFolder.read(dir).orElseThrow().looksAgain()).isTrue();

        // false is the same as absent, so folders written before the field read as they were
        assertThat(new ModelFolder("m", "<image>{prompt}", 128, 3, 10_000, List.of(), null, null, false).lookAgain()).isNull();
    }
}
