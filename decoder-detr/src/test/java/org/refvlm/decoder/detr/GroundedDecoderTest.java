package org.refvlm.decoder.detr;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.refvlm.api.BoxUnit;
import org.refvlm.api.DecodedUnit;
import org.refvlm.spi.support.DecoderFolder;
import org.refvlm.spi.DecoderInput;
import org.refvlm.spi.ImageFrame;
import org.refvlm.spi.TargetGroup;
import org.refvlm.training.Trainer;
import org.refvlm.training.TrainingConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The grounding map ({@code alignWeight > 0}) on the problem it exists for: each picture holds
 * three rectangles of different kinds, each query names a kind, and the box must be that kind's
 * rectangle. The memory says what is where only through its content (one prototype vector per
 * kind, plus noise), so the decoder has to match what the query says to what the cells show.
 */
class GroundedDecoderTest {

    private static final Logger LOG = LoggerFactory.getLogger(GroundedDecoderTest.class);
    private static final int SIDE = 16;        // memory grid
    private static final int CHANNELS = 8;
    private static final int KINDS = 4;
    private static final int QUERY = 16;
    private static final int BATCH = 16;
    private static final int PICTURE = 64;     // pixels; one cell = 4 pixels

    @TempDir
    Path dir;

    static DetrDecoderConfig config(double alignWeight) {
        return config(alignWeight, false);
    }

    static DetrDecoderConfig config(double alignWeight, boolean boxesFromMap) {
        return DetrDecoderConfig.builder().queryInputDim(QUERY).numQueries(1).featureLevels(List.of("stride8"))
                .featureDims(List.of(CHANNELS)).dModel(32).layers(2).heads(4).ffnDim(64).dropout(0)
                .positionInValues(true).alignWeight(alignWeight).boxesFromMap(boxesFromMap).build();
    }

    @Test
    void configWithoutAlignWeightIsTheReferenceDecoder() {
        DetrDecoderConfig c = DecoderFolder.parseConfig("{\"queryInputDim\":8,\"numQueries\":2,\"featureLevels\":[\"vit\"],"
                + "\"featureDims\":[4],\"dModel\":8,\"layers\":1,\"heads\":2,\"ffnDim\":16,\"dropout\":0,"
                + "\"l1Weight\":5,\"giouWeight\":2,\"positionInValues\":false}", DetrDecoderConfig.class);
        assertThat(c.alignWeight()).isZero();
        assertThat(c.grounded()).isFalse();
        try (NDManager m = NDManager.newBaseManager(); DetrBoxDecoder d = new DetrBoxDecoder(c, m, 1)) {
            assertThat(d.parameters().keySet()).noneMatch(k -> k.startsWith("grounding."));
        }
        try (NDManager m = NDManager.newBaseManager(); DetrBoxDecoder d = new DetrBoxDecoder(config(1.0), m, 1)) {
            assertThat(d.parameters().keySet()).contains("grounding.query.weight", "grounding.memory.weight");
        }
    }

    @Test
    void findsTheRectangleOfTheKindTheQueryNames() throws Exception {
        int tries = 4 * BATCH;
        int grounded = hits(config(1.0), "grounded");
        int plain = hits(config(0.0), "plain");
        LOG.info("held-out pictures with IoU >= 0.5: {} of {} with the grounding map, {} without", grounded, tries, plain);
        // Same decoder, data, seed and steps: only the grounding map differs.
        assertThat(grounded).isGreaterThan(tries / 2).isGreaterThan(plain + tries / 8);
    }

    @Test
    void boxesReadFromTheMapAreMorePrecise() throws Exception {
        int tries = 4 * BATCH;
        int fromMap = hits(config(1.0, true), "from-map");
        int grounded = hits(config(1.0, false), "head-only");
        LOG.info("held-out pictures with IoU >= 0.5: {} of {} with boxes from the map, {} from the head alone",
                fromMap, tries, grounded);
        assertThat(fromMap).isGreaterThan(grounded + tries / 8);
    }

    /** Trains a fresh decoder for 400 steps and counts held-out pictures boxed with IoU >= 0.5. */
    private int hits(DetrDecoderConfig config, String run) throws Exception {
        World world = new World(5);
        TrainingConfig training = new TrainingConfig(400, 3e-3, 20, 3e-4, 0.0, 0.9, 0.999, 1e-8, 1.0, 1, 7, 400,
                dir.resolve(run));
        try (NDManager root = NDManager.newBaseManager();
             DetrBoxDecoder decoder = new DetrBoxDecoder(config, root, 11)) {
            decoder.train(true);
            decoder.parameters().values().forEach(p -> p.setRequiresGradient(true));
            new Trainer<World.Batch>(training, decoder.parameters(), (seed, index, m) -> world.batch(index, m),
                    micro -> decoder.loss(micro.data().input(), micro.data().targets())).run(false);
            decoder.train(false);
            int hits = 0;
            for (int t = 0; t < 4; t++) {
                try (NDManager m = root.newSubManager()) {
                    World.Batch held = world.batch(100_000 + t, m);    // pictures never trained on
                    List<List<DecodedUnit>> decoded = decoder.decode(held.input());
                    for (int b = 0; b < BATCH; b++) {
                        double iou = OverfitTest.iou((BoxUnit) decoded.get(b).get(0), (BoxUnit) held.targets().get(b).targets().get(0));
                        hits += iou >= 0.5 ? 1 : 0;
                    }
                }
            }
            return hits;
        }
    }

    /** Pictures of three non-overlapping rectangles of distinct kinds; batch i is a pure function of i. */
    private static final class World {
        private final float[][] prototypes = new float[KINDS][CHANNELS];
        private final float[][] words = new float[KINDS][QUERY];

        record Batch(DecoderInput input, List<TargetGroup> targets) {
        }

        World(long seed) {
            Random r = new Random(seed);
            for (int k = 0; k < KINDS; k++) {
                for (int c = 0; c < CHANNELS; c++) {
                    prototypes[k][c] = (float) r.nextGaussian();
                }
                for (int c = 0; c < QUERY; c++) {
                    words[k][c] = (float) r.nextGaussian();
                }
            }
        }

        Batch batch(long index, NDManager m) {
            Random r = new Random(index * 7919 + 13);
            float[] memory = new float[BATCH * CHANNELS * SIDE * SIDE];
            float[] queries = new float[BATCH * QUERY];
            List<TargetGroup> targets = new ArrayList<>();
            List<ImageFrame> frames = new ArrayList<>();
            for (int b = 0; b < BATCH; b++) {
                for (int i = b * CHANNELS * SIDE * SIDE; i < (b + 1) * CHANNELS * SIDE * SIDE; i++) {
                    memory[i] = (float) (0.3 * r.nextGaussian());
                }
                List<Integer> kinds = new ArrayList<>(List.of(0, 1, 2, 3));
                java.util.Collections.shuffle(kinds, r);
                int[][] rects = new int[3][];
                // Three rectangles in three of the four quadrants, so they never overlap.
                List<Integer> quadrants = new ArrayList<>(List.of(0, 1, 2, 3));
                java.util.Collections.shuffle(quadrants, r);
                for (int o = 0; o < 3; o++) {
                    int qx = quadrants.get(o) % 2 * 8, qy = quadrants.get(o) / 2 * 8;
                    int w = 3 + r.nextInt(5), h = 3 + r.nextInt(5);
                    int x0 = qx + r.nextInt(8 - w + 1), y0 = qy + r.nextInt(8 - h + 1);
                    rects[o] = new int[] {x0, y0, x0 + w, y0 + h};
                    for (int y = y0; y < y0 + h; y++) {
                        for (int x = x0; x < x0 + w; x++) {
                            for (int c = 0; c < CHANNELS; c++) {
                                memory[((b * CHANNELS + c) * SIDE + y) * SIDE + x] += prototypes[kinds.get(o)][c];
                            }
                        }
                    }
                }
                int asked = r.nextInt(3);
                System.arraycopy(words[kinds.get(asked)], 0, queries, b * QUERY, QUERY);
                int[] t = rects[asked];
                double cell = (double) PICTURE / SIDE;
                targets.add(new TargetGroup(b, new int[] {0},
                        List.of(new BoxUnit(t[0] * cell, t[1] * cell, t[2] * cell, t[3] * cell, 1))));
                frames.add(new ImageFrame(PICTURE, PICTURE));
            }
            NDArray q = m.create(queries, new Shape(BATCH, 1, QUERY));                       // [B, 1, Q]
            NDArray mask = m.ones(new Shape(BATCH, 1)).toType(ai.djl.ndarray.types.DataType.BOOLEAN, false);
            NDArray grid = m.create(memory, new Shape(BATCH, CHANNELS, SIDE, SIDE));          // [B, C, H, W]
            return new Batch(new DecoderInput(q, mask, Map.of("stride8", grid), frames), targets);
        }
    }
}
