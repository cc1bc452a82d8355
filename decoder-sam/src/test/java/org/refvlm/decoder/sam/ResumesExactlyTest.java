package org.refvlm.decoder.sam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.refvlm.training.BatchSource;
import org.refvlm.training.Trainer;
import org.refvlm.training.TrainingConfig;

/**
 * Checkpoints and resume come from the platform's trainer: a run stopped at a checkpoint and
 * resumed by a fresh decoder ends with exactly the parameters of an uninterrupted run.
 */
class ResumesExactlyTest {

    @TempDir
    Path dir;

    @Test
    void resumedRunEqualsStraightRun() throws Exception {
        Map<String, float[]> straight = train(dir.resolve("straight"), -1, false);
        // dies in step 9: checkpoint 6 is on disk
        assertThatThrownBy(() -> train(dir.resolve("stopped"), 8, false)).hasMessageContaining("killed");
        Map<String, float[]> resumed = train(dir.resolve("stopped"), -1, true);
        assertThat(lastStart).as("the resumed run starts at its checkpoint").isEqualTo(6);
        assertThat(resumed.keySet()).isEqualTo(straight.keySet());
        straight.forEach((name, values) -> assertThat(resumed.get(name)).as(name).containsExactly(values));
    }

    private long lastStart = -1;

    /** Trains 12 steps, checkpoints every 6, dies at step {@code killAt} (-1: never). */
    private Map<String, float[]> train(Path out, long killAt, boolean resume) throws Exception {
        BatchSource<Discs> data = (seed, index, manager) -> new Discs(seed * 1_000 + index, 4);
        TrainingConfig config = new TrainingConfig(12, 3e-3, 2, 3e-4, 0.01, 0.9, 0.999, 1e-8, 1.0, 1, 5, 6, out);
        try (NDManager root = NDManager.newBaseManager();
             SamDecoder decoder = new SamDecoder(Discs.config(), Discs.tinySam(), root, 1)) {
            decoder.parameters().values().forEach(p -> p.setRequiresGradient(true));
            lastStart = new Trainer<>(config, decoder.parameters(), data,
                    micro -> {
                        if (micro.step() == killAt) {
                            throw new IllegalStateException("killed");
                        }
                        return decoder.loss(micro.data().input(micro.manager()), micro.data().targets());
                    }).run(resume).startStep();
            Map<String, float[]> values = new HashMap<>();
            decoder.allParameters().forEach((k, v) -> values.put(k, v.toFloatArray()));
            return values;
        }
    }
}
