package org.refvlm.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.refvlm.training.internal.AtomicDirectory;
import org.refvlm.training.internal.CrashPoint;
import org.refvlm.training.internal.FaultInjector;

class CheckpointTest {
    @TempDir
    Path dir;

    /** What a test throws to play a kill: an Error, so nothing cleans up after it. */
    static final class Killed extends Error {
        Killed(String where) {
            super("simulated kill at " + where);
        }
    }

    private static TrainingConfig config(Path out, long steps) {
        return new TrainingConfig(steps, 0.01, 2, 0.001, 0.01, 0.9, 0.999, 1e-8, 1.0, 1, 7, 0, out);
    }

    private static CheckpointInfo info(long step, TrainingConfig c) {
        return new CheckpointInfo(step, step, c.seed(), c.schedule(), c.fingerprint(), 1.5);
    }

    @Test
    void roundTripRestoresParametersAndOptimizerStateExactly() throws Exception {
        TrainingConfig c = config(dir.resolve("run"), 3);
        Map<String, float[]> params;
        Map<String, float[]> m;
        Map<String, Long> steps;
        try (TinyMlp mlp = new TinyMlp(0)) {
            Trainer<TinyMlp.Batch> t = new Trainer<>(c, mlp.params, mlp.fullBatches(8), mlp::loss);
            TrainingResult r = t.run(false);
            assertThat(r.lastCheckpoint()).isEqualTo(dir.resolve("run/checkpoints/step-00000003"));
            params = mlp.snapshot();
            m = new java.util.TreeMap<>();
            t.optimizer().state().forEach((k, s) -> m.put(k, concat(s.m().toFloatArray(), s.v().toFloatArray())));
            steps = t.optimizer().stepCounts();
        }
        Path ck = dir.resolve("run/checkpoints/step-00000003");
        assertThat(ck.resolve(Checkpoint.MODEL)).exists();
        assertThat(ck.resolve(Checkpoint.OPTIMIZER)).exists();
        assertThat(Files.readString(ck.resolve(Checkpoint.TRAINER))).contains("\"step\" : 3", "recipeHash", "microBatches");
        try (TinyMlp fresh = new TinyMlp(0)) {
            AdamW opt = AdamW.of(c);
            CheckpointInfo info = Checkpoint.restore(ck, fresh.params, opt);
            assertThat(info.step()).isEqualTo(3);
            assertThat(info.microBatches()).isEqualTo(3);
            assertThat(info.schedule()).isEqualTo(c.schedule());
            assertThat(info.recipeHash()).isEqualTo(c.fingerprint());
            params.forEach((k, v) -> assertThat(fresh.params.get(k).toFloatArray()).as(k).containsExactly(v));
            fresh.params.values().forEach(p -> assertThat(p.hasGradient()).isTrue());
            opt.state().forEach((k, s) -> assertThat(concat(s.m().toFloatArray(), s.v().toFloatArray())).as(k)
                    .containsExactly(m.get(k)));
            assertThat(opt.stepCounts()).isEqualTo(steps);
        }
    }

    @Test
    void restoreRejectsAMismatchedModelBeforeChangingAnything() throws Exception {
        TrainingConfig c = config(dir.resolve("run"), 1);
        try (TinyMlp mlp = new TinyMlp(0)) {
            new Trainer<>(c, mlp.params, mlp.fullBatches(8), mlp::loss).run(false);
        }
        try (TinyMlp other = new TinyMlp(0)) {
            float[] before = other.params.get("fc1.weight").toFloatArray();
            other.params.remove("fc2.bias");
            assertThatThrownBy(() -> Checkpoint.restore(dir.resolve("run/checkpoints/step-00000001"), other.params,
                    AdamW.of(c))).isInstanceOf(IOException.class).hasMessageContaining("fc2.bias");
            assertThat(other.params.get("fc1.weight").toFloatArray()).containsExactly(before);
        }
    }

    @ParameterizedTest(name = "kill at {0} #{1}")
    @CsvSource({"FILE_WRITTEN,1", "FILE_WRITTEN,2", "BEFORE_RENAME,1", "AFTER_RENAME,1", "DURING_PRUNE,1"})
    void aKillDuringACheckpointLeavesALoadableOne(CrashPoint point, int occurrence) throws Exception {
        Path checkpoints = dir.resolve("checkpoints");
        TrainingConfig c = config(dir, 4);
        try (TinyMlp mlp = new TinyMlp(0)) {
            AdamW opt = AdamW.of(c);
            Checkpoint.write(checkpoints, info(1, c), mlp.params, opt, 1);
            Map<String, float[]> atStep1 = mlp.snapshot();
            mlp.params.values().forEach(p -> p.stopGradient().addi(1f));
            int[] seen = {0};
            FaultInjector kill = p -> {
                if (p == point && ++seen[0] == occurrence) {
                    throw new Killed(p + " #" + occurrence);
                }
            };
            assertThatThrownBy(() -> Checkpoint.write(checkpoints, info(2, c), mlp.params, opt, 1, kill))
                    .isInstanceOf(Killed.class);

            // What a new process finds: leftovers are removed, and the newest checkpoint loads.
            Checkpoint.removeLeftovers(checkpoints);
            try (Stream<Path> s = Files.list(checkpoints)) {
                assertThat(s.map(p -> p.getFileName().toString()))
                        .allMatch(n -> n.startsWith("step-"));
            }
            Path latest = Checkpoint.latest(checkpoints).orElseThrow();
            boolean newOne = point == CrashPoint.AFTER_RENAME || point == CrashPoint.DURING_PRUNE;
            assertThat(latest.getFileName().toString()).isEqualTo(newOne ? "step-00000002" : "step-00000001");
            try (TinyMlp fresh = new TinyMlp(0)) {
                CheckpointInfo info = Checkpoint.restore(latest, fresh.params, AdamW.of(c));
                assertThat(info.step()).isEqualTo(newOne ? 2 : 1);
                float[] expected = atStep1.get("fc1.weight").clone();
                if (newOne) {
                    for (int i = 0; i < expected.length; i++) {
                        expected[i] += 1f;
                    }
                }
                assertThat(fresh.params.get("fc1.weight").toFloatArray()).containsExactly(expected);
            }
        }
    }

    @Test
    void keepsTheNewestAndSkipsADamagedOne() throws Exception {
        Path checkpoints = dir.resolve("checkpoints");
        TrainingConfig c = config(dir, 4);
        try (TinyMlp mlp = new TinyMlp(0)) {
            AdamW opt = AdamW.of(c);
            for (long s = 1; s <= 4; s++) {
                Checkpoint.write(checkpoints, info(s, c), mlp.params, opt, 2);
            }
        }
        List<Path> all = Checkpoint.list(checkpoints);
        assertThat(all).extracting(p -> p.getFileName().toString()).containsExactly("step-00000003", "step-00000004");
        // damage after the fact (e.g. a truncated copy): the older one is used
        Path model = all.get(1).resolve(Checkpoint.MODEL);
        Files.write(model, java.util.Arrays.copyOf(Files.readAllBytes(model), 100));
        assertThat(Checkpoint.latest(checkpoints)).contains(all.get(0));
    }

    @Test
    void leftoversAreRecognisedByPrefix() throws Exception {
        Path checkpoints = Files.createDirectories(dir.resolve("checkpoints"));
        Files.createDirectories(checkpoints.resolve(AtomicDirectory.TMP_PREFIX + "step-00000005-x/sub"));
        Files.createDirectories(checkpoints.resolve(AtomicDirectory.TRASH_PREFIX + "step-00000001-y"));
        Files.createDirectories(checkpoints.resolve("step-00000002"));
        assertThat(Checkpoint.removeLeftovers(checkpoints)).isEqualTo(2);
        assertThat(checkpoints.resolve("step-00000002")).exists();
    }

    private static float[] concat(float[] a, float[] b) {
        float[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
