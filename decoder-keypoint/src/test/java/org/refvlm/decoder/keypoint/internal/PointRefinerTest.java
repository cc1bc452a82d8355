package org.refvlm.decoder.keypoint.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.refvlm.nn.Parameters;
import org.refvlm.training.BatchSource;
import org.refvlm.training.StepFunction;
import org.refvlm.training.Trainer;
import org.refvlm.training.TrainingConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The point refiner on pictures of one filled square each: the points start near the square's four
 * corners, off by up to a fifth of its side in each direction, and the refiner must move them onto
 * the corners from what it sees around them.
 *
 * <p>When this was written, two steps brought the corners from 3.7 pixels away to 0.9-1.2 (three
 * initialisations), one step to 1.6-2.0: the bound below, half the starting distance, holds for
 * either with room.
 */
class PointRefinerTest {

    private static final Logger LOG = LoggerFactory.getLogger(PointRefinerTest.class);
    private static final int SIDE = 64, DIM = 8, WINDOW = 5, STATE = 4, CORNERS = 4, BATCH = 8;
    private static final double REACH = 0.25;

    @TempDir
    Path dir;

    /** A batch of pictures, the corners' true places and the starting points, all on [0, 1]. */
    private record Squares(float[] pictures, float[] truth, float[] start, float[] sides) {

        static Squares draw(long seed) {
            return draw(seed, 0.2, 0);
        }

        /**
         * @param jitter  how far each start point may lie from its corner per axis, in square sides
         * @param misplaced every {@code misplaced}-th square (0: none) has all its points moved
         *                half a side further in one direction, off every corner
         */
        static Squares draw(long seed, double jitter, int misplaced) {
            Random random = new Random(seed);
            float[] pictures = new float[BATCH * 3 * SIDE * SIDE];
            float[] truth = new float[BATCH * CORNERS * 2];
            float[] start = new float[BATCH * CORNERS * 2];
            float[] sides = new float[BATCH * 2];
            for (int b = 0; b < BATCH; b++) {
                int side = 14 + random.nextInt(20);
                int x0 = 4 + random.nextInt(SIDE - side - 8);
                int y0 = 4 + random.nextInt(SIDE - side - 8);
                float[] colour = {random.nextFloat(), random.nextFloat(), 0.9f};
                for (int c = 0; c < 3; c++) {
                    for (int y = 0; y < SIDE; y++) {
                        for (int x = 0; x < SIDE; x++) {
                            boolean in = x >= x0 && x < x0 + side && y >= y0 && y < y0 + side;
                            pictures[((b * 3 + c) * SIDE + y) * SIDE + x] = in ? colour[c] : 0.1f;
                        }
                    }
                }
                sides[b * 2] = sides[b * 2 + 1] = (float) side / SIDE;
                // top left, top right, bottom right, bottom left: the square's outer pixel edges
                int[][] corners = {{x0, y0}, {x0 + side, y0}, {x0 + side, y0 + side}, {x0, y0 + side}};
                for (int k = 0; k < CORNERS; k++) {
                    for (int axis = 0; axis < 2; axis++) {
                        int at = (b * CORNERS + k) * 2 + axis;
                        truth[at] = (float) corners[k][axis] / SIDE;
                        start[at] = truth[at] + (float) ((random.nextDouble() * 2 - 1) * jitter * side / SIDE);
                    }
                }
                if (misplaced > 0 && b % misplaced == 0) {
                    double angle = random.nextDouble() * 2 * Math.PI;
                    for (int k = 0; k < CORNERS; k++) {
                        start[(b * CORNERS + k) * 2] += (float) (0.5 * Math.cos(angle) * side / SIDE);
                        start[(b * CORNERS + k) * 2 + 1] += (float) (0.5 * Math.sin(angle) * side / SIDE);
                    }
                }
            }
            return new Squares(pictures, truth, start, sides);
        }

        /** [B, K, 2] -> refined points, with a state per corner saying which corner it is. */
        NDArray refine(PointRefiner refiner, NDManager m) {
            return refineAndScore(refiner, m).points();
        }

        PointRefiner.Refinement refineAndScore(PointRefiner refiner, NDManager m) {
            float[] states = new float[BATCH * CORNERS * STATE];
            for (int b = 0; b < BATCH; b++) {
                for (int k = 0; k < CORNERS; k++) {
                    states[(b * CORNERS + k) * STATE + k] = 1;
                }
            }
            long[] samples = new long[BATCH];
            for (int b = 0; b < BATCH; b++) {
                samples[b] = b;
            }
            return refiner.refineAndScore(m.create(start, new Shape(BATCH, CORNERS, 2)), m.create(sides, new Shape(BATCH, 2)),
                    m.create(states, new Shape(BATCH, CORNERS, STATE)), m.create(pictures, new Shape(BATCH, 3, SIDE, SIDE)),
                    samples);
        }

        /** Mean distance of {@code points} from the corners, in pixels. */
        double error(float[] points) {
            double sum = 0;
            for (int i = 0; i < truth.length; i += 2) {
                sum += Math.hypot(points[i] - truth[i], points[i + 1] - truth[i + 1]) * SIDE;
            }
            return sum / (truth.length / 2.0);
        }
    }

    @Test
    void anUntrainedRefinerLeavesEveryPointWhereItWas() {
        try (NDManager m = NDManager.newBaseManager(); Parameters p = new Parameters(m.newSubManager(), 3)) {
            PointRefiner refiner = new PointRefiner(p, SIDE, DIM, WINDOW, REACH, 2, STATE, false);
            Squares s = Squares.draw(1);
            assertThat(s.refine(refiner, m).toFloatArray()).containsExactly(s.start(), within(0f));
        }
    }

    @Test
    void learnsInTwoStepsToMoveCornersOntoTheSquare() throws Exception {
        int steps = 600;
        try (NDManager m = NDManager.newBaseManager(); Parameters p = new Parameters(m.newSubManager(), 3)) {
            PointRefiner refiner = new PointRefiner(p, SIDE, DIM, WINDOW, REACH, 2, STATE, false);
            train(p, steps, "run", (seed, index, manager) -> Squares.draw(seed * 1_000 + index), micro -> {
                Squares s = micro.data();
                NDArray truth = micro.manager().create(s.truth(), new Shape(BATCH, CORNERS, 2));
                return s.refine(refiner, micro.manager()).sub(truth).abs().mean();
            });
            Squares unseen = Squares.draw(777_777);
            double before = unseen.error(unseen.start());
            double after;
            try (NDManager scope = m.newSubManager()) {
                after = unseen.error(unseen.refine(refiner, scope).toFloatArray());
            }
            LOG.info("mean corner error on unseen squares: {} px before the refiner, {} after {} steps", before, after, steps);
            assertThat(after).as("pixels from the corners after refining, %s before", before).isLessThan(before / 2);
        }
    }

    @Test
    void anUntrainedScoringRefinerLeavesTheScoreAsItWas() {
        try (NDManager m = NDManager.newBaseManager(); Parameters p = new Parameters(m.newSubManager(), 3)) {
            PointRefiner plain = new PointRefiner(p, SIDE, DIM, WINDOW, REACH, 1, STATE, false);
            assertThat(Squares.draw(1).refineAndScore(plain, m).scoreShift()).isNull();
        }
        try (NDManager m = NDManager.newBaseManager(); Parameters p = new Parameters(m.newSubManager(), 3)) {
            PointRefiner scoring = new PointRefiner(p, SIDE, DIM, WINDOW, REACH, 1, STATE, true);
            NDArray shift = Squares.draw(1).refineAndScore(scoring, m).scoreShift();
            assertThat(shift.getShape()).isEqualTo(new Shape(BATCH));
            assertThat(shift.toFloatArray()).containsOnly(0f);
        }
    }

    /**
     * Half the squares have their points near the corners, half have them half a side away: trained
     * towards 1 for the first and 0 for the second, the score correction must tell them apart on
     * unseen squares from the pixels around the points alone (the states only say which corner).
     * When this was written it was right on 37, 39 and 39 of the 40 (three initialisations; chance
     * is 20): the bound is 34.
     */
    @Test
    void learnsToScorePointsOnTheCornersAboveMisplacedOnes() throws Exception {
        int steps = 300;
        try (NDManager m = NDManager.newBaseManager(); Parameters p = new Parameters(m.newSubManager(), 3)) {
            PointRefiner refiner = new PointRefiner(p, SIDE, DIM, WINDOW, REACH, 1, STATE, true);
            train(p, steps, "score", (seed, index, manager) -> Squares.draw(seed * 1_000 + index, 0.03, 2), micro -> {
                NDArray logits = micro.data().refineAndScore(refiner, micro.manager()).scoreShift(); // [B]
                NDArray good = micro.manager().create(goodRows());
                // binary cross-entropy with logits
                return logits.maximum(0f).sub(logits.mul(good)).add(logits.abs().neg().exp().add(1f).log()).mean();
            });
            int right = 0, total = 0;
            for (long seed = 900_000; seed < 900_005; seed++) {
                try (NDManager scope = m.newSubManager()) {
                    float[] shift = Squares.draw(seed, 0.03, 2).refineAndScore(refiner, scope).scoreShift().toFloatArray();
                    float[] good = goodRows();
                    for (int b = 0; b < BATCH; b++) {
                        right += (shift[b] > 0) == (good[b] > 0) ? 1 : 0;
                        total++;
                    }
                }
            }
            LOG.info("score correction right on {} of {} unseen squares", right, total);
            assertThat(right).as("unseen squares ranked on the right side of 0").isGreaterThanOrEqualTo(total * 85 / 100);
        }
    }

    /** Trains every parameter of {@code p} for {@code steps} steps of AdamW (peak 3e-3) on {@code data}. */
    private void train(Parameters p, int steps, String run, BatchSource<Squares> data, StepFunction<Squares> loss)
            throws Exception {
        p.asMap().values().forEach(a -> a.setRequiresGradient(true));
        TrainingConfig training = new TrainingConfig(steps, 3e-3, 20, 3e-4, 0.0, 0.9, 0.999, 1e-8, 1.0, 1, 5, steps,
                dir.resolve(run));
        new Trainer<>(training, p.asMap(), data, loss).run(false);
    }

    /** [B] 1 for the squares {@code draw(seed, jitter, 2)} leaves near their corners (odd rows), 0 else. */
    private static float[] goodRows() {
        float[] good = new float[BATCH];
        for (int b = 0; b < BATCH; b++) {
            good[b] = b % 2 == 0 ? 0f : 1f;
        }
        return good;
    }
}
