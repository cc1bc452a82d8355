package org.refvlm.decoder.sam;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.refvlm.api.DecodedUnit;
import org.refvlm.api.MaskUnit;
import org.refvlm.training.BatchSource;
import org.refvlm.training.Trainer;
import org.refvlm.training.TrainingConfig;

/**
 * The reference embedding, not the picture alone, decides which object SAM segments: with a red
 * disc and a blue square in every picture, the "red" reference must get the disc and the "blue"
 * one the square, on pictures never seen.
 */
class SelectsTheReferredObjectTest {

    @TempDir
    Path dir;

    @Test
    void eachReferenceGetsItsOwnObject() throws Exception {
        BatchSource<TwoShapes> data = (seed, index, manager) -> new TwoShapes(seed * 1_000 + index, 8);
        TrainingConfig training = new TrainingConfig(300, 3e-3, 20, 3e-4, 0.0, 0.9, 0.999, 1e-8, 1.0, 1, 5, 300,
                dir.resolve("run"));
        SamDecoderConfig config = SamDecoderConfig.builder().queryInputDim(TwoShapes.D).numQueries(2)
                .sam(Discs.tinySam()).projectionHidden(32).trainImageEncoder(true).build();
        try (NDManager root = NDManager.newBaseManager(); SamDecoder decoder = new SamDecoder(config, config.sam(), root, 1)) {
            decoder.parameters().values().forEach(p -> p.setRequiresGradient(true));
            new Trainer<>(training, decoder.parameters(), data,
                    micro -> decoder.loss(micro.data().input(micro.manager()), micro.data().targets())).run(false);
            TwoShapes unseen = new TwoShapes(777, 16);
            List<List<DecodedUnit>> decoded;
            try (NDManager m = root.newSubManager()) {
                decoded = decoder.decode(unseen.input(m));
            }
            double own = 0, other = 0;
            for (int b = 0; b < 16; b++) {
                for (int q = 0; q < 2; q++) {
                    boolean[] mask = ((MaskUnit) decoded.get(b).get(q)).mask().decode();
                    own += Discs.iou(mask, unseen.pixels.get(b)[q]);
                    other += Discs.iou(mask, unseen.pixels.get(b)[1 - q]);
                }
            }
            assertThat(own / 32).as("mean IoU with the referred object").isGreaterThan(0.6);
            assertThat(other / 32).as("mean IoU with the other object").isLessThan(0.1);
        }
    }
}
