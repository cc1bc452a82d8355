package org.refvlm.decoder.depth;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.refvlm.api.DecodedUnit;
import org.refvlm.api.DepthMap;
import org.refvlm.api.DepthUnit;
import org.refvlm.decoder.depth.internal.DepthDecoding;
import org.refvlm.decoder.depth.internal.DepthGrid;
import org.refvlm.training.BatchSource;
import org.refvlm.training.Trainer;
import org.refvlm.training.TrainingConfig;
import org.refvlm.training.TrainingResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The depth decoder learns, through the platform's trainer, the depth of rooms it only sees through
 * their feature pyramid ({@link Rooms}: a wall whose depth follows the row, a square in front of it at
 * a depth only the features tell), and gets the depth of rooms it never saw right.
 *
 * <p>The threshold is set between two oracles computed on the same unseen rooms: a model that gets
 * the wall exactly right but cannot see the square ({@link Rooms#wallOnly}), and the best a stride-4
 * map can do, the loss's own targets decoded as predictions are (a cell straddling the square's edge
 * holds a blend, which bilinear decoding smears over a cell). The decoder must close three quarters of
 * the gap between them, which it can only do by reading the square's depth from the features. With
 * the default seeds the oracles score about 0.76 and 0.90, and the trained decoder about 0.90; with
 * the refinement reading the pictures, about 0.98.
 */
class DepthLearnsTest {

    private static final Logger LOG = LoggerFactory.getLogger(DepthLearnsTest.class);

    @TempDir
    Path dir;

    @Test
    void learnsDepthFromTheFeaturesAndGetsUnseenRoomsRight() throws Exception {
        Scores s = trainAndScore(Rooms.config(), false);
        assertThat(s.best() - s.wall()).as("what reading the square is worth (wall-only %.3f, best grid %.3f)", s.wall(),
                s.best()).isGreaterThan(0.05);
        assertThat(s.got()).as("delta1 on 16 unseen rooms (wall-only oracle %.3f, best stride-4 map %.3f)", s.wall(),
                s.best()).isGreaterThan(s.wall() + 0.75 * (s.best() - s.wall()));
    }

    /**
     * With the refinement, the decoder reads the picture at full resolution and places the square's
     * edges inside the stride-4 cells: it beats the best any stride-4 map can do. The loss then
     * compares at the refinement's side, so the targets are the truth itself.
     */
    @Test
    void theRefinementReadsThePictureAndBeatsAnyStride4Map() throws Exception {
        DepthDecoderConfig refining = Rooms.config().toBuilder().refineSide(Rooms.SIDE).refineDim(8).build();
        Scores s = trainAndScore(refining, true);
        assertThat(s.got()).as("delta1 on 16 unseen rooms (best stride-4 map %.3f)", s.best())
                .isGreaterThan(s.best() + 0.05);
    }

    private record Scores(double got, double wall, double best) {
    }

    private Scores trainAndScore(DepthDecoderConfig config, boolean pictures) throws Exception {
        BatchSource<Rooms> data = (seed, index, manager) -> new Rooms(seed * 1_000 + index, 8);
        TrainingConfig training = new TrainingConfig(500, 5e-3, 20, 5e-4, 0.0, 0.9, 0.999, 1e-8, 1.0, 1, 5, 500,
                dir.resolve("run-" + pictures));
        try (NDManager root = NDManager.newBaseManager();
             DepthDecoder decoder = new DepthDecoder(config, root, 1)) {
            assertThat(decoder.spec().needsImage()).isEqualTo(pictures);
            decoder.train(true);
            decoder.parameters().values().forEach(p -> p.setRequiresGradient(true));
            TrainingResult result = new Trainer<>(training, decoder.parameters(), data,
                    micro -> decoder.loss(micro.data().input(micro.manager(), pictures), micro.data().targets())).run(false);
            List<Double> losses = result.losses();
            double first = mean(losses.subList(0, 10)), last = mean(losses.subList(losses.size() - 10, losses.size()));
            assertThat(last).as("losses %s", losses).isLessThan(first / 4);

            decoder.train(false);
            Rooms unseen = new Rooms(424_242, 16);
            List<List<DecodedUnit>> decoded;
            try (NDManager m = root.newSubManager()) {
                decoded = decoder.decode(unseen.input(m, pictures));
            }
            double[] learnt = new double[16], wallOnly = new double[16], bestGrid = new double[16];
            try (NDManager m = root.newSubManager()) {
                for (int b = 0; b < 16; b++) {
                    assertThat(decoded.get(b)).hasSize(1);
                    learnt[b] = Rooms.delta1(((DepthUnit) decoded.get(b).get(0)).depth(), unseen.truths.get(b));
                    wallOnly[b] = Rooms.delta1(unseen.wallOnly.get(b), unseen.truths.get(b));
                    bestGrid[b] = Rooms.delta1(bestStride4Map(m, unseen, b), unseen.truths.get(b));
                }
            }
            Scores s = new Scores(Rooms.mean(learnt), Rooms.mean(wallOnly), Rooms.mean(bestGrid));
            LOG.info("delta1 on 16 unseen rooms{}: learnt {}, wall-only oracle {}, best stride-4 map {}",
                    pictures ? " (refined with the pictures)" : "", s.got(), s.wall(), s.best());
            return s;
        }
    }

    /** The truth brought to the 16x16 grid (the loss's targets) and decoded as predictions are. */
    private static DepthMap bestStride4Map(NDManager m, Rooms rooms, int b) {
        float[] grid = DepthGrid.logAreaMean(rooms.truths.get(b), rooms.frames.get(b), Rooms.CELLS, Rooms.CELLS, 0.001, 20);
        float[] log = new float[grid.length];
        for (int i = 0; i < grid.length; i++) {
            log[i] = grid[i] > 0 ? (float) Math.log(grid[i]) : 0f;
        }
        NDArray logDepth = m.create(log, new Shape(1, Rooms.CELLS, Rooms.CELLS));
        return DepthDecoding.toDepthMaps(logDepth, rooms.frames.get(b)).get(0).depth();
    }

    private static double mean(List<Double> values) {
        return values.stream().mapToDouble(d -> d).average().orElseThrow();
    }
}
