package org.refvlm.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A decoder records the base it was trained against; a changed base makes it stale. */
class BaseFingerprintTest {

    @TempDir
    Path dir;

    private void base(String llm) throws Exception {
        Files.createDirectories(dir.resolve("llm"));
        Files.createDirectories(dir.resolve("clip-vit"));
        Files.writeString(dir.resolve("llm/model.safetensors"), llm);
        Files.writeString(dir.resolve("llm/tokenizer.json"), "{}");
        Files.writeString(dir.resolve("projector.safetensors"), "projector");
        Files.writeString(dir.resolve("clip-vit/model.safetensors"), "vit");
    }

    @Test
    void theFingerprintFollowsEveryBasePartAndNothingElse() throws Exception {
        base("weights");
        String first = BaseFingerprint.of(dir);
        assertThat(first).startsWith("sha256:").hasSize(7 + 64);
        Files.createDirectories(dir.resolve("decoders/box"));
        Files.writeString(dir.resolve("decoders/box/model.safetensors"), "a decoder is not part of the base");
        assertThat(BaseFingerprint.of(dir)).isEqualTo(first);
        Files.writeString(dir.resolve("projector.safetensors"), "projector, trained further");
        assertThat(BaseFingerprint.of(dir)).isNotEqualTo(first);
        assertThatThrownBy(() -> BaseFingerprint.of(dir.resolve("decoders")))
                .hasMessageContaining("has none of the base model's weight files");
    }

    @Test
    void decodersTrainedAgainstAnotherBaseAreStale() throws Exception {
        base("weights");
        String fingerprint = BaseFingerprint.of(dir);
        ModelFolder folder = new ModelFolder("m", "<image>{prompt}", 128, 3, 10_000,
                List.of(new ModelFolder.Decoder("box", "detr", "decoders/box").trainedAgainst(fingerprint),
                        new ModelFolder.Decoder("mask", "maskformer", "decoders/mask")), null);
        folder.write(dir);
        ModelFolder read = ModelFolder.read(dir).orElseThrow();
        assertThat(read.decoders().get(0).base()).isEqualTo(fingerprint);
        assertThat(read.decoders().get(1).base()).isNull();
        assertThat(Files.readString(dir.resolve(ModelFolder.FILE))).doesNotContain("\"base\" : null");
        assertThat(read.staleDecoders(dir)).extracting(ModelFolder.Decoder::unit).containsExactly("mask");
        base("the language model trained again");
        assertThat(read.staleDecoders(dir)).extracting(ModelFolder.Decoder::unit).containsExactly("box", "mask");
    }
}
