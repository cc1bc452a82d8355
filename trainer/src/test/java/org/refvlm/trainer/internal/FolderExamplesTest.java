package org.refvlm.trainer.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.refvlm.data.TaskType;
import org.refvlm.data.synth.SceneConfig;
import org.refvlm.data.synth.Split;
import org.refvlm.data.synth.SynthOptions;
import org.refvlm.data.synth.SyntheticDataset;
import org.refvlm.trainer.TrainingExample;

class FolderExamplesTest {

    @TempDir
    Path dir;

    /** refvlm-spark synth writes samples-00000.jsonl, samples-00001.jsonl ...: the trainer reads them as one file. */
    @Test
    void aFolderOfShardsTrainsLikeOneFile() throws IOException {
        Path one = dir.resolve("one");
        new SyntheticDataset(new SynthOptions(9, Split.TRAIN, 4, List.of(TaskType.REC, TaskType.RES), SceneConfig.DEFAULT,
                3, true)).writeTo(one, n -> { });
        Path sharded = dir.resolve("sharded");
        Files.createDirectories(sharded);
        List<String> lines = Files.readAllLines(one.resolve("samples.jsonl"));
        Files.write(sharded.resolve("samples-00000.jsonl"), lines.subList(0, 4));
        Files.write(sharded.resolve("samples-00001.jsonl"), lines.subList(4, lines.size()));
        copyTree(one.resolve("images"), sharded.resolve("images"));

        FolderExamples a = new FolderExamples(one, 7);
        FolderExamples b = new FolderExamples(sharded, 7);
        assertThat(b.describe()).endsWith("(9 turns)");
        for (long i = 0; i < 12; i++) {
            TrainingExample x = a.example(i), y = b.example(i);
            assertThat(y.id()).isEqualTo(x.id());
            assertThat(y.answer()).isEqualTo(x.answer());
            assertThat(y.image()).isEqualTo(x.image());
        }
    }

    @Test
    void aFolderWithoutSamplesSaysSo() throws IOException {
        assertThatThrownBy(() -> new FolderExamples(dir, 1)).hasMessageContaining("no samples.jsonl (nor any other .jsonl file)");
    }

    private static void copyTree(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (var files = Files.list(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
    }
}
