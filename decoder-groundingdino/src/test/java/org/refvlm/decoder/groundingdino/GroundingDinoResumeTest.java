package org.refvlm.decoder.groundingdino;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.refvlm.training.BatchSource;
import org.refvlm.training.Trainer;
import org.refvlm.training.TrainingConfig;
import org.refvlm.training.TrainingResult;

/**
 * The Grounding DINO decoder through the platform's trainer: 8 steps straight against 4 steps, a
 * kill after the step-4 checkpoint, and a resume with a new decoder object from what is on disk; the
 * losses and the trained parameters must agree.
 */
class GroundingDinoResumeTest {

    @TempDir
    Path dir;

    static final class Killed extends Error {
        Killed() {
            super("simulated kill");
        }
    }

    private static TrainingConfig training(Path out) {
        return new TrainingConfig(8, 2e-3, 2, 2e-4, 0.01, 0.9, 0.999, 1e-8, 1.0, 1, 11, 4, out);
    }

    private static final BatchSource<Squares> DATA = (seed, index, manager) -> new Squares(seed * 1_000 + index, 2);

    private static Map<String, float[]> snapshot(GroundingDinoBoxDecoder d) {
        Map<String, float[]> out = new HashMap<>();
        d.parameters().forEach((k, v) -> out.put(k, v.toFloatArray()));
        return out;
    }

    private static TrainingResult train(GroundingDinoBoxDecoder d, Path out, boolean resume, long killAt) throws Exception {
        d.parameters().values().forEach(p -> p.setRequiresGradient(true));
        return new Trainer<>(training(out), d.parameters(), DATA, micro -> {
            if (micro.step() == killAt) {
                throw new Killed();
            }
            NDArray loss = d.loss(micro.data().input(micro.manager()), micro.data().targets());
            return loss;
        }).run(resume);
    }

    @Test
    void aKilledAndResumedRunMatchesAnUninterruptedOne() throws Exception {
        GroundingDinoDecoderConfig config = GroundingDinoBoxDecoderTest.config(false);
        TrainingResult straight;
        Map<String, float[]> straightParams;
        try (NDManager root = NDManager.newBaseManager();
             GroundingDinoBoxDecoder d = new GroundingDinoBoxDecoder(config, root, 5)) {
            straight = train(d, dir.resolve("straight"), false, -1);
            straightParams = snapshot(d);
        }
        Path out = dir.resolve("interrupted");
        try (NDManager root = NDManager.newBaseManager();
             GroundingDinoBoxDecoder d = new GroundingDinoBoxDecoder(config, root, 5)) {
            assertThatThrownBy(() -> train(d, out, false, 5)).isInstanceOf(Killed.class);
        }
        TrainingResult resumed;
        Map<String, float[]> resumedParams;
        try (NDManager root = NDManager.newBaseManager();
             GroundingDinoBoxDecoder d = new GroundingDinoBoxDecoder(config, root, 5)) {
            resumed = train(d, out, true, -1);
            resumedParams = snapshot(d);
        }
        assertThat(resumed.startStep()).isEqualTo(4);
        List<Double> tail = straight.losses().subList(4, 8);
        assertThat(resumed.losses()).hasSize(4);
        for (int i = 0; i < 4; i++) {
            assertThat(resumed.losses().get(i)).as("step %d", 5 + i).isCloseTo(tail.get(i),
                    org.assertj.core.data.Offset.offset(1e-6));
        }
        assertThat(resumedParams.keySet()).isEqualTo(straightParams.keySet());
        straightParams.forEach((k, v) -> {
            float[] r = resumedParams.get(k);
            for (int i = 0; i < v.length; i++) {
                assertThat(Math.abs(r[i] - v[i])).as(k + "[" + i + "]").isLessThanOrEqualTo(1e-6f);
            }
        });
    }
}
