package org.refvlm.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerTest {
    @TempDir
    Path dir;

    @Test
    void learnsLogsOneLinePerStepAndCheckpointsEveryN() throws Exception {
        TrainingConfig c = new TrainingConfig(60, 0.05, 3, 0.005, 0.01, 0.9, 0.999, 1e-8, 1.0, 1, 5, 20, dir);
        TrainingResult r;
        try (TinyMlp mlp = new TinyMlp(0)) {
            int before = ((ai.djl.ndarray.BaseNDManager) mlp.manager).getManagedArrays().size();
            r = new Trainer<>(c, mlp.params, mlp.fullBatches(16), mlp::loss).withKeepCheckpoints(3).run(false);
            int after = ((ai.djl.ndarray.BaseNDManager) mlp.manager).getManagedArrays().size();
            // Only the AdamW state (m and v per parameter) may stay on the parameters' manager.
            assertThat(after - before).isEqualTo(2 * mlp.params.size());
            for (NDArray p : mlp.params.values()) {
                assertThat(Gradients.of(p).toFloatArray()).containsOnly(0f);
            }
        }
        double first = r.losses().subList(0, 5).stream().mapToDouble(d -> d).average().orElseThrow();
        double last = r.losses().subList(55, 60).stream().mapToDouble(d -> d).average().orElseThrow();
        assertThat(last).as("losses " + r.losses()).isLessThan(first * 0.7);

        List<String> lines = Files.readAllLines(dir.resolve(Trainer.METRICS));
        assertThat(lines).hasSize(60);
        ObjectMapper json = new ObjectMapper();
        for (int i = 0; i < lines.size(); i++) {
            JsonNode n = json.readTree(lines.get(i));
            assertThat(n.fieldNames()).toIterable()
                    .containsExactly("step", "loss", "lr", "grad_norm", "examples_per_s", "elapsed_s");
            assertThat(n.get("step").asLong()).isEqualTo(i + 1);
            assertThat(n.get("loss").asDouble()).isCloseTo(r.losses().get(i), within(1e-12));
            assertThat(n.get("lr").asDouble()).isEqualTo(c.schedule().at(i));
            assertThat(n.get("grad_norm").asDouble()).isPositive();
            assertThat(n.get("examples_per_s").asDouble()).isPositive();
            assertThat(n.get("elapsed_s").asDouble()).isPositive();
        }
        assertThat(Checkpoint.list(dir.resolve(Trainer.CHECKPOINTS)))
                .extracting(p -> p.getFileName().toString())
                .containsExactly("step-00000020", "step-00000040", "step-00000060");
    }

    @Test
    void frozenParametersAreNeitherTrainedNorCheckpointed() throws Exception {
        TrainingConfig c = new TrainingConfig(3, 0.03, 1, 0.003, 0.01, 0.9, 0.999, 1e-8, 1.0, 1, 5, 0, dir);
        try (TinyMlp mlp = new TinyMlp(0)) {
            mlp.params.get("fc1.weight").setRequiresGradient(false);
            mlp.params.get("fc1.bias").setRequiresGradient(false);
            float[] frozen = mlp.params.get("fc1.weight").toFloatArray();
            float[] trained = mlp.params.get("fc2.weight").toFloatArray();
            Trainer<TinyMlp.Batch> t = new Trainer<>(c, mlp.params, mlp.fullBatches(8), mlp::loss);
            assertThat(t.trainableParameters()).containsOnlyKeys("fc2.weight", "fc2.bias");
            t.run(false);
            assertThat(mlp.params.get("fc1.weight").toFloatArray()).containsExactly(frozen);
            assertThat(mlp.params.get("fc2.weight").toFloatArray()).isNotEqualTo(trained);
        }
        try (var f = org.refvlm.tensor.safetensors.SafetensorsFile.open(
                dir.resolve("checkpoints/step-00000003").resolve(Checkpoint.MODEL))) {
            assertThat(f.names()).containsExactlyInAnyOrder("fc2.weight", "fc2.bias");
        }
    }

    @Test
    void progressBarShowsLossThroughputAndTimeLeft() throws Exception {
        TrainingConfig c = new TrainingConfig(4, 0.03, 1, 0.003, 0.01, 0.9, 0.999, 1e-8, 1.0, 1, 5, 0, dir);
        List<String> frames = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (TinyMlp mlp = new TinyMlp(0)) {
            new Trainer<>(c, mlp.params, mlp.fullBatches(8), mlp::loss).withProgressSink(frames::add).run(false);
        }
        assertThat(frames).isNotEmpty();
        String last = frames.get(frames.size() - 1);
        assertThat(last).contains("train", "4/4", "loss ", "ex/s");
    }
}
