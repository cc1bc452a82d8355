package org.refvlm.decoder.detr;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.refvlm.api.BoxUnit;
import org.refvlm.spi.DecoderInput;
import org.refvlm.spi.ImageFrame;
import org.refvlm.spi.TargetGroup;
import org.refvlm.training.BatchSource;
import org.refvlm.training.Trainer;
import org.refvlm.training.TrainingConfig;
import org.refvlm.training.TrainingResult;

/**
 * The decoder trained by the platform's own trainer (AdamW, schedule, clipping, scoped
 * temporaries, checkpoints): the pieces issue 7's recipes will join, joined on a tiny problem.
 */
class TrainsWithThePlatformTrainerTest {

    @TempDir
    Path dir;

    @Test
    void lossFallsAndTheTrainedFolderReloads() throws Exception {
        DetrDecoderConfig config = TinyBatch.config(0.0);
        boolean[] mask = {true, true, false, false, false, false, true, false, false, false, false, false};
        List<ImageFrame> frames = List.of(new ImageFrame(64, 48), new ImageFrame(40, 60));
        TinyBatch batch = new TinyBatch(config, 31, mask, frames);
        List<TargetGroup> targets = List.of(
                new TargetGroup(0, new int[] {0, 1}, List.of(new BoxUnit(4, 6, 30, 40, 1), new BoxUnit(36, 10, 60, 26, 1))),
                new TargetGroup(1, new int[] {0}, List.of(new BoxUnit(10, 20, 32, 55, 1))));
        BatchSource<DecoderInput> data = (seed, index, manager) -> batch.input(manager);
        TrainingConfig training = new TrainingConfig(120, 3e-3, 10, 3e-4, 0.0, 0.9, 0.999, 1e-8, 1.0, 1, 7, 60,
                dir.resolve("run"));
        try (NDManager root = NDManager.newBaseManager(); DetrBoxDecoder decoder = new DetrBoxDecoder(config, root, 2024)) {
            decoder.train(true);
            decoder.parameters().values().forEach(p -> p.setRequiresGradient(true));
            TrainingResult result = new Trainer<>(training, decoder.parameters(), data,
                    micro -> decoder.loss(micro.data(), targets)).run(false);
            List<Double> losses = result.losses();
            double first = losses.subList(0, 5).stream().mapToDouble(d -> d).average().orElseThrow();
            double last = losses.subList(losses.size() - 5, losses.size()).stream().mapToDouble(d -> d).average().orElseThrow();
            assertThat(last).as("losses %s", losses).isLessThan(first / 5);
            assertThat(Files.readAllLines(dir.resolve("run").resolve(Trainer.METRICS))).hasSize(120);

            decoder.train(false);
            decoder.saveFolder(dir.resolve("trained"));
            try (NDManager m = root.newSubManager();
                 DetrBoxDecoder reloaded = DetrBoxDecoder.loadFolder(dir.resolve("trained"), root)) {
                NDArray a = decoder.forward(batch.input(m), false);
                NDArray b = reloaded.forward(batch.input(m), false);
                assertThat(a.toFloatArray()).containsExactly(b.toFloatArray());
            }
        }
    }
}
