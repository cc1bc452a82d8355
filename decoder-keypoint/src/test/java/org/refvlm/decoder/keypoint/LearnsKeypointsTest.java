package org.refvlm.decoder.keypoint;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.refvlm.api.DecodedUnit;
import org.refvlm.api.KeypointsUnit;
import org.refvlm.training.BatchSource;
import org.refvlm.training.Trainer;
import org.refvlm.training.TrainingConfig;
import org.refvlm.training.TrainingResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The decoder learns keypoints through the platform's trainer (AdamW, warm-up, clipping,
 * checkpoints): on {@link Scenes}, new for every batch, it must find the shape a reference names in
 * the feature maps, tell its schema and place its keypoints, and do so on scenes it never saw.
 *
 * <p>Why mean OKS above 0.5: with the synthetic sigma of 0.072, OKS 0.5 is every keypoint about
 * 0.17 of the object's size from the truth (3 pixels for the smallest shapes, 6 for the largest);
 * knowing the schema's layout and the shape's size but not where it is scores near 0, because the
 * two shapes are placed anywhere in the picture, and the untrained decoder scores below 0.05 (asserted).
 */
class LearnsKeypointsTest {

    private static final Logger LOG = LoggerFactory.getLogger(LearnsKeypointsTest.class);
    private static final int STEPS = 600;

    @TempDir
    Path dir;

    @Test
    void learnsToPlaceTheKeypointsOfTheShapeAReferenceNames() throws Exception {
        KeypointDecoderConfig config = Scenes.config();
        BatchSource<Scenes> data = (seed, index, manager) -> new Scenes(seed * 1_000 + index, 8);
        TrainingConfig training = new TrainingConfig(STEPS, 3e-3, 20, 3e-4, 0.0, 0.9, 0.999, 1e-8, 1.0, 1, 5, STEPS,
                dir.resolve("run"));
        Scenes unseen = new Scenes(424_242, 16);
        try (NDManager root = NDManager.newBaseManager(); KeypointDecoder decoder = new KeypointDecoder(config, root, 1)) {
            double before = meanOks(decoder, unseen, root);
            decoder.train(true);
            decoder.parameters().values().forEach(p -> p.setRequiresGradient(true));
            TrainingResult result = new Trainer<>(training, decoder.parameters(), data,
                    micro -> decoder.loss(micro.data().input(micro.manager()), micro.data().targets())).run(false);
            decoder.train(false);
            List<Double> losses = result.losses();
            double first = mean(losses.subList(0, 10));
            double last = mean(losses.subList(losses.size() - 10, losses.size()));
            assertThat(Files.readAllLines(dir.resolve("run").resolve(Trainer.METRICS))).hasSize(STEPS);

            List<List<DecodedUnit>> decoded;
            try (NDManager m = root.newSubManager()) {
                decoded = decoder.decode(unseen.input(m));
            }
            int rightSchema = 0;
            double oks = 0;
            for (int b = 0; b < unseen.batch; b++) {
                assertThat(decoded.get(b)).hasSize(Scenes.OBJECTS);
                for (int o = 0; o < Scenes.OBJECTS; o++) {
                    KeypointsUnit k = (KeypointsUnit) decoded.get(b).get(o);
                    KeypointsUnit truth = unseen.truth.get(b).get(o);
                    KeypointSchema schema = config.schemas().get(config.schemaIndex(k.schema()));
                    assertThat(k.keypoints()).as("the decoded schema's keypoints").hasSize(schema.size());
                    rightSchema += k.schema().equals(truth.schema()) ? 1 : 0;
                    oks += Scenes.oks(k, truth, schema);
                }
            }
            oks /= unseen.batch * Scenes.OBJECTS;
            LOG.info("loss {} -> {} in {} steps; unseen scenes: mean OKS {} (untrained {}), schema right {}/{}",
                    first, last, STEPS, oks, before, rightSchema, unseen.batch * Scenes.OBJECTS);
            assertThat(last).as("losses %s", losses).isLessThan(first / 3);
            assertThat(before).as("the untrained decoder's mean OKS").isLessThan(0.05);
            assertThat(rightSchema).as("schemas told right of 32").isGreaterThanOrEqualTo(30);
            assertThat(oks).as("mean OKS on 32 unseen shapes").isGreaterThan(0.5);

            decoder.saveFolder(dir.resolve("trained"));
            try (NDManager m = root.newSubManager();
                 KeypointDecoder reloaded = KeypointDecoder.loadFolder(dir.resolve("trained"), root)) {
                KeypointDecoderTest.assertSameUnits(reloaded.decode(unseen.input(m)), decoded);
            }
        }
    }

    private static double meanOks(KeypointDecoder decoder, Scenes scenes, NDManager root) {
        List<List<DecodedUnit>> decoded;
        try (NDManager m = root.newSubManager()) {
            decoded = decoder.decode(scenes.input(m));
        }
        double sum = 0;
        for (int b = 0; b < scenes.batch; b++) {
            for (int o = 0; o < Scenes.OBJECTS; o++) {
                KeypointsUnit k = (KeypointsUnit) decoded.get(b).get(o);
                KeypointSchema schema = decoder.config().schemas().get(decoder.config().schemaIndex(k.schema()));
                sum += Scenes.oks(k, scenes.truth.get(b).get(o), schema);
            }
        }
        return sum / (scenes.batch * Scenes.OBJECTS);
    }

    private static double mean(List<Double> values) {
        return values.stream().mapToDouble(d -> d).average().orElseThrow();
    }
}
