package org.refvlm.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two half-batches accumulated (K=2) must give the same update as one full batch (K=1). */
class AccumulationTest {
    @TempDir
    Path dir;

    @Test
    void twoHalvesEqualOneFullBatch() throws Exception {
        TrainingConfig base = new TrainingConfig(3, 0.01, 1, 0.001, 0.01, 0.9, 0.999, 1e-8, 1.0, 1, 42, 0,
                dir.resolve("full"));
        Map<String, float[]> full;
        Map<String, float[]> halves;
        TrainingResult rf;
        TrainingResult rh;
        try (TinyMlp mlp = new TinyMlp(0)) {
            rf = new Trainer<>(base, mlp.params, mlp.fullBatches(16), mlp::loss).run(false);
            full = mlp.snapshot();
        }
        try (TinyMlp mlp = new TinyMlp(0)) {
            TrainingConfig k2 = base.withAccumulation(2).withOutDir(dir.resolve("halves"));
            rh = new Trainer<>(k2, mlp.params, mlp.halfBatches(16), mlp::loss).run(false);
            halves = mlp.snapshot();
        }
        for (int i = 0; i < 3; i++) {
            assertThat(rh.losses().get(i)).isCloseTo(rf.losses().get(i), within(1e-6));
        }
        full.forEach((name, values) -> {
            float[] h = halves.get(name);
            for (int i = 0; i < values.length; i++) {
                assertThat((double) h[i]).as(name + "[" + i + "]").isCloseTo(values[i], within(1e-6));
            }
        });
        // and the parameters did move
        try (TinyMlp fresh = new TinyMlp(0)) {
            assertThat(fresh.snapshot().get("fc1.weight")).isNotEqualTo(full.get("fc1.weight"));
        }
    }
}
