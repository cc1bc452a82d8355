package org.refvlm.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 20 steps straight versus 10 steps, a kill, and a resume: the loss curve and the final
 * parameters must agree. Dropout and accumulation are on so that the engine generator and the
 * data position both have to be restored, and the kill lands mid-step after the checkpoint, so
 * the resumed run also has to redo (and re-log) steps the killed one had already logged.
 */
class ResumeTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    static final class Killed extends Error {
        Killed() {
            super("simulated kill");
        }
    }

    private static TrainingConfig config(Path out) {
        return new TrainingConfig(20, 0.02, 3, 0.002, 0.01, 0.9, 0.999, 1e-8, 0.5, 2, 2024, 5, out);
    }

    @Test
    void killedAndResumedRunMatchesAnUninterruptedOne() throws Exception {
        Map<String, float[]> straightParams;
        TrainingResult straight;
        try (TinyMlp mlp = new TinyMlp(0.2f)) {
            straight = new Trainer<>(config(dir.resolve("straight")), mlp.params, mlp.halfBatches(8), mlp::loss)
                    .run(false);
            straightParams = mlp.snapshot();
        }
        assertThat(straight.losses()).hasSize(20);
        assertThat(straight.losses().get(19)).isLessThan(straight.losses().get(0));

        Path out = dir.resolve("interrupted");
        try (TinyMlp mlp = new TinyMlp(0.2f)) {
            // Dies in the second micro-batch of step 13: checkpoint 10 is on disk, 11 and 12 are logged.
            Trainer<TinyMlp.Batch> doomed = new Trainer<>(config(out), mlp.params, mlp.halfBatches(8), mb -> {
                if (mb.step() == 12 && mb.index() == 1) {
                    throw new Killed();
                }
                return mlp.loss(mb);
            });
            assertThatThrownBy(() -> doomed.run(false)).isInstanceOf(Killed.class);
        }
        assertThat(Files.readAllLines(out.resolve(Trainer.METRICS))).hasSize(12);
        assertThat(Checkpoint.latest(out.resolve(Trainer.CHECKPOINTS)).orElseThrow().getFileName().toString())
                .isEqualTo("step-00000010");

        // Only what is on disk survives: a new model object, a new trainer.
        TrainingResult resumed;
        Map<String, float[]> resumedParams;
        try (TinyMlp mlp = new TinyMlp(0.2f)) {
            resumed = new Trainer<>(config(out), mlp.params, mlp.halfBatches(8), mlp::loss).run(true);
            resumedParams = mlp.snapshot();
        }
        assertThat(resumed.startStep()).isEqualTo(10);
        assertThat(resumed.endStep()).isEqualTo(20);

        List<Double> straightCurve = curve(dir.resolve("straight").resolve(Trainer.METRICS));
        List<Double> resumedCurve = curve(out.resolve(Trainer.METRICS));
        assertThat(resumedCurve).hasSize(20);
        double maxDiff = 0;
        for (int i = 0; i < 20; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(straightCurve.get(i) - resumedCurve.get(i)));
        }
        // On failure the curves show where they part: before step 11 both runs did the same work
        // from scratch (run-to-run noise), from step 11 on the resumed one restored a checkpoint.
        assertThat(maxDiff).as("max abs loss difference; straight %s, killed and resumed %s", straightCurve,
                resumedCurve).isLessThanOrEqualTo(1e-6);
        for (int i = 0; i < 10; i++) {
            assertThat(resumed.losses().get(i)).isEqualTo(straight.losses().get(10 + i));
        }
        straightParams.forEach((k, v) -> {
            float[] r = resumedParams.get(k);
            for (int i = 0; i < v.length; i++) {
                assertThat(Math.abs(r[i] - v[i])).as(k + "[" + i + "]").isLessThanOrEqualTo(1e-6f);
            }
        });
    }

    @Test
    void resumeRefusesAChangedRecipeAndARunRefusesToOverwrite() throws Exception {
        Path out = dir.resolve("run");
        try (TinyMlp mlp = new TinyMlp(0)) {
            new Trainer<>(config(out).withSteps(5), mlp.params, mlp.fullBatches(8), mlp::loss).run(false);
        }
        try (TinyMlp mlp = new TinyMlp(0)) {
            assertThatThrownBy(() -> new Trainer<>(config(out).withSteps(5), mlp.params, mlp.fullBatches(8),
                    mlp::loss).run(false)).isInstanceOf(IllegalStateException.class).hasMessageContaining("resume");
            assertThatThrownBy(() -> new Trainer<>(config(out).withSteps(5).withSchedule(0.5, 3, 0), mlp.params,
                    mlp.fullBatches(8), mlp::loss).run(true)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("different recipe");
            // a finished run resumed does nothing more
            TrainingResult again = new Trainer<>(config(out).withSteps(5), mlp.params, mlp.fullBatches(8), mlp::loss)
                    .run(true);
            assertThat(again.losses()).isEmpty();
            assertThat(again.endStep()).isEqualTo(5);
        }
    }

    static List<Double> curve(Path metrics) throws Exception {
        List<Double> l = new ArrayList<>();
        long expected = 1;
        for (String line : Files.readAllLines(metrics)) {
            JsonNode n = JSON.readTree(line);
            assertThat(n.get("step").asLong()).isEqualTo(expected++);
            l.add(n.get("loss").asDouble());
        }
        return l;
    }

    @Test
    void pausingWithStopAfterCheckpointsAndContinuesExactly() throws Exception {
        TrainingConfig c = config(dir.resolve("paused")).withSteps(8).withCheckpointEvery(0);
        TrainingResult straight;
        try (TinyMlp mlp = new TinyMlp(0.2f)) {
            straight = new Trainer<>(c.withOutDir(dir.resolve("whole")), mlp.params, mlp.halfBatches(8), mlp::loss)
                    .run(false);
        }
        List<Double> curve = new ArrayList<>();
        try (TinyMlp mlp = new TinyMlp(0.2f)) {
            TrainingResult first = new Trainer<>(c, mlp.params, mlp.halfBatches(8), mlp::loss).stopAfter(3).run(false);
            assertThat(first.lastCheckpoint().getFileName().toString()).isEqualTo("step-00000003");
            curve.addAll(first.losses());
        }
        try (TinyMlp mlp = new TinyMlp(0.2f)) {
            curve.addAll(new Trainer<>(c, mlp.params, mlp.halfBatches(8), mlp::loss).run(true).losses());
        }
        assertThat(curve).isEqualTo(straight.losses());
    }
}
