package org.refvlm.decoder.keypoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.refvlm.api.BoxUnit;
import org.refvlm.api.DecodedUnit;
import org.refvlm.api.Keypoint;
import org.refvlm.api.KeypointsUnit;
import org.refvlm.api.RgbImage;
import org.refvlm.spi.DecoderImage;
import org.refvlm.spi.DecoderInput;
import org.refvlm.spi.ImageFrame;
import org.refvlm.spi.TargetGroup;
import org.refvlm.spi.support.DecoderFolder;
import org.refvlm.tensor.safetensors.SafetensorsWriter;
import org.refvlm.tensor.safetensors.WeightMismatchException;

class KeypointDecoderTest {

    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    /** Sample 0: both slots real; sample 1: only slot 0 real. */
    private static DecoderInput withPadding(Scenes scenes, NDManager m, float[] queries) {
        DecoderInput all = scenes.input(m, queries);
        NDArray mask = m.create(new boolean[] {true, true, true, false}, new Shape(2, 2));
        return new DecoderInput(all.queries(), mask, all.features(), all.frames());
    }

    /**
     * A decoder with a point refiner asks for the picture, is refused a batch without one with a
     * message that says so, and before training places every point where the same decoder without
     * a refiner does (its last layers start at zero; the other weights are drawn by name); it moves
     * the points of real queries only.
     */
    @Test
    void anUntrainedPointRefinerAsksForThePictureAndMovesNothing() {
        Scenes scenes = new Scenes(3, 2);
        KeypointDecoderConfig refining = Scenes.config().toBuilder().pointRefineSide(32).pointRefineSteps(2).build();
        try (KeypointDecoder plain = new KeypointDecoder(Scenes.config(), manager, 1);
             KeypointDecoder refiner = new KeypointDecoder(refining, manager, 1)) {
            assertThat(plain.spec().needsImage()).isFalse();
            assertThat(refiner.spec().needsImage()).isTrue();
            DecoderInput withoutImages = scenes.input(manager);
            assertThatThrownBy(() -> refiner.forward(withoutImages, false)).hasMessageContaining("needsImage");
            List<DecoderImage> images = noiseImages(2, 5);
            DecoderInput input = new DecoderInput(withoutImages.queries(), withoutImages.queryMask(),
                    withoutImages.features(), withoutImages.frames(), images);
            float[] before = plain.forward(input, false).keypoints().toFloatArray();
            assertThat(refiner.forward(input, false).keypoints().toFloatArray()).containsExactly(before, within(1e-6f));

            // Once its last layer moves points, it moves the real queries' points only: sample 1's
            // second slot is padding and keeps the heads' points.
            refiner.parameters().get("point_refine.step.0.out.bias").addi(manager.create(new float[] {1f, -1f}));
            DecoderInput padded = new DecoderInput(input.queries(), manager.create(new boolean[] {true, true, true, false},
                    new Shape(2, 2)), input.features(), input.frames(), images);
            float[] after = refiner.forward(padded, false).keypoints().toFloatArray();
            int perSlot = 7 * 2;
            for (int slot = 0; slot < 4; slot++) {
                float[] was = java.util.Arrays.copyOfRange(before, slot * perSlot, (slot + 1) * perSlot);
                float[] now = java.util.Arrays.copyOfRange(after, slot * perSlot, (slot + 1) * perSlot);
                if (slot == 3) {
                    assertThat(now).as("the padded slot's points").containsExactly(was, within(1e-6f));
                } else {
                    assertThat(now[0]).as("slot %d's first point moves right", slot).isGreaterThan(was[0] + 1e-3f);
                    assertThat(now[1]).as("slot %d's first point moves up", slot).isLessThan(was[1] - 1e-3f);
                }
            }
        }
    }

    /** {@code count} pictures of the scenes' size filled with random bytes from {@code seed}. */
    private static List<DecoderImage> noiseImages(int count, long seed) {
        Random random = new Random(seed);
        List<DecoderImage> images = new java.util.ArrayList<>();
        for (int b = 0; b < count; b++) {
            byte[] rgb = new byte[Scenes.WIDTH * Scenes.HEIGHT * 3];
            random.nextBytes(rgb);
            images.add(new DecoderImage(new RgbImage(Scenes.WIDTH, Scenes.HEIGHT, rgb)));
        }
        return images;
    }

    @Test
    void aScoringPointRefinerCorrectsTheRealQueriesScoresOnly() {
        Scenes scenes = new Scenes(3, 2);
        KeypointDecoderConfig scoring = Scenes.config().toBuilder().pointRefineSide(32).pointRefineScore(true).build();
        try (KeypointDecoder plain = new KeypointDecoder(Scenes.config(), manager, 1);
             KeypointDecoder refiner = new KeypointDecoder(scoring, manager, 1)) {
            List<DecoderImage> images = noiseImages(2, 6);
            DecoderInput bare = scenes.input(manager);
            DecoderInput input = new DecoderInput(bare.queries(), manager.create(new boolean[] {true, true, true, false},
                    new Shape(2, 2)), bare.features(), bare.frames(), images);
            float[] before = plain.forward(input, false).scores().toFloatArray();
            assertThat(refiner.forward(input, false).scores().toFloatArray())
                    .as("an untrained correction").containsExactly(before, within(1e-6f));
            refiner.parameters().get("point_refine.score.out.bias").addi(manager.create(new float[] {1.5f}));
            float[] after = refiner.forward(input, false).scores().toFloatArray();
            for (int slot = 0; slot < 4; slot++) {
                float expected = slot == 3 ? before[slot] : before[slot] + 1.5f;
                assertThat(after[slot]).as("slot %d's score", slot).isCloseTo(expected, within(1e-5f));
            }
        }
    }

    @Test
    void forwardShapesAndDecodedUnitsInPixels() {
        Scenes scenes = new Scenes(3, 2);
        try (KeypointDecoder decoder = new KeypointDecoder(Scenes.config(), manager, 1)) {
            assertThat(decoder.spec().maxQueries()).isEqualTo(2);
            assertThat(decoder.spec().queryWidth()).isEqualTo(Scenes.D);
            assertThat(decoder.spec().featureLevels()).containsExactly("stride8", "stride16");
            DecoderInput input = withPadding(scenes, manager, scenes.queries);
            KeypointPredictions p = decoder.forward(input, false);
            assertThat(p.boxes().getShape()).isEqualTo(new Shape(2, 2, 4));
            assertThat(p.keypoints().getShape()).isEqualTo(new Shape(2, 2, 7, 2));
            assertThat(p.visibility().getShape()).isEqualTo(new Shape(2, 2, 7));
            assertThat(p.schemas().getShape()).isEqualTo(new Shape(2, 2, 7));
            assertThat(p.scores().getShape()).isEqualTo(new Shape(2, 2));

            float[] boxes = p.boxes().toFloatArray();
            float[] points = p.keypoints().toFloatArray();
            float[] vis = p.visibility().toFloatArray();
            float[] schemas = p.schemas().toFloatArray();
            float[] scores = p.scores().toFloatArray();
            List<List<DecodedUnit>> decoded = decoder.decode(input);
            assertThat(decoded.get(0)).hasSize(2);
            assertThat(decoded.get(1)).hasSize(1);
            ImageFrame frame = Scenes.frame();
            int[][] rows = {{0, 1}, {2}};
            for (int b = 0; b < 2; b++) {
                for (int k = 0; k < rows[b].length; k++) {
                    int row = rows[b][k];
                    KeypointsUnit unit = (KeypointsUnit) decoded.get(b).get(k);
                    int best = 0;
                    for (int s = 1; s < 7; s++) {
                        best = schemas[row * 7 + s] > schemas[row * 7 + best] ? s : best;
                    }
                    KeypointSchema schema = KeypointSchemas.synthetic().get(best);
                    assertThat(unit.schema()).isEqualTo(schema.name());
                    assertThat(unit.keypoints()).hasSize(schema.size());
                    assertThat(unit.box().score()).isCloseTo(1 / (1 + Math.exp(-scores[row])), within(1e-6));
                    assertThat(unit.box().x0()).isCloseTo(Math.max(0, (boxes[row * 4] - boxes[row * 4 + 2] / 2) * 128),
                            within(1e-3));
                    for (int j = 0; j < schema.size(); j++) {
                        Keypoint kp = unit.keypoints().get(j);
                        assertThat(kp.name()).isEqualTo(schema.keypointNames().get(j));
                        assertThat(kp.x()).isCloseTo(points[(row * 7 + j) * 2] * 128.0, within(1e-3));
                        assertThat(kp.y()).isCloseTo(points[(row * 7 + j) * 2 + 1] * 128.0, within(1e-3));
                        double seen = 1 / (1 + Math.exp(-vis[row * 7 + j]));
                        assertThat(kp.score()).isCloseTo(seen, within(1e-6));
                        boolean inside = kp.x() >= 0 && kp.x() <= frame.width() && kp.y() >= 0 && kp.y() <= frame.height();
                        assertThat(kp.visibility()).isEqualTo(!inside ? 0 : seen > 0.5 ? 2 : 1);
                    }
                }
            }
        }
    }

    @Test
    void paddedQueriesDoNotChangeRealOnes() {
        Scenes scenes = new Scenes(5, 2);
        float[] other = scenes.queries.clone();
        Random random = new Random(9);
        for (int c = 0; c < Scenes.D; c++) {
            other[3 * Scenes.D + c] = (float) (random.nextGaussian() * 10);  // sample 1, slot 1: padding
        }
        try (KeypointDecoder decoder = new KeypointDecoder(Scenes.config(), manager, 2)) {
            assertThat(decoder.decode(withPadding(scenes, manager, other)))
                    .isEqualTo(decoder.decode(withPadding(scenes, manager, scenes.queries)));
        }
    }

    @Test
    void targetsOfAnUnknownOrMissingSchemaOrAnotherUnitAreNamed() {
        Scenes scenes = new Scenes(7, 2);
        BoxUnit box = new BoxUnit(10, 10, 30, 30, BoxUnit.NO_SCORE);
        List<Keypoint> two = List.of(new Keypoint("a", 12, 12, 2), new Keypoint("b", 20, 20, 2));
        try (KeypointDecoder decoder = new KeypointDecoder(Scenes.config(), manager, 3)) {
            DecoderInput input = scenes.input(manager);
            assertThatThrownBy(() -> decoder.loss(input, List.of(new TargetGroup(0, new int[] {0},
                    List.of(new KeypointsUnit(box, two, "coco-person"))))))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("target group 0, target 0")
                    .hasMessageContaining("keypoint schema 'coco-person' is not one this decoder knows");
            assertThatThrownBy(() -> decoder.loss(input, List.of(new TargetGroup(0, new int[] {0},
                    List.of(new KeypointsUnit(box, two))))))
                    .hasMessageContaining("must name its keypoint schema");
            assertThatThrownBy(() -> decoder.loss(input, List.of(new TargetGroup(0, new int[] {0},
                    List.of(new KeypointsUnit(box, two, "synth-triangle"))))))
                    .hasMessageContaining("'synth-triangle' has 4 keypoints, the target has 2");
            assertThatThrownBy(() -> decoder.loss(input, List.of(new TargetGroup(0, new int[] {0}, List.of(box)))))
                    .hasMessageContaining("needs keypoint targets, got a 'box'");
        }
    }

    /**
     * With every weight but OKS's at 0, the loss of one pair is {@code 1 - OKS}, computed here by
     * hand from the predicted points: pixels normalised to the 128 square, the box's area on it as
     * the scale, sigma 0.072, the unlabelled keypoint left out and the occluded one counted.
     */
    @Test
    void theOksLossIsOneMinusCocosOks() {
        Scenes scenes = new Scenes(11, 2);
        KeypointDecoderConfig config = Scenes.config().toBuilder().boxL1Weight(0).giouWeight(0).keypointL1Weight(0)
                .visibilityWeight(0).schemaWeight(0).scoreWeight(0).oksWeight(1).build();
        BoxUnit box = new BoxUnit(20, 30, 60, 62, BoxUnit.NO_SCORE);
        List<Keypoint> truth = List.of(new Keypoint("centre", 40, 48, 2), new Keypoint("apex", 41, 31, 1),
                new Keypoint("bottom right", 0, 0, 0), new Keypoint("bottom left", 22, 60, 2));
        try (KeypointDecoder decoder = new KeypointDecoder(config, manager, 4)) {
            DecoderInput input = scenes.input(manager);
            float[] p = decoder.forward(input, false).keypoints().toFloatArray();    // [2, 2, 7, 2]
            int row = 1 * 2 + 0;                                                      // sample 1, slot 0
            double area = (40 / 128.0) * (32 / 128.0);
            double sum = 0;
            int labelled = 0;
            for (int j = 0; j < 4; j++) {
                Keypoint t = truth.get(j);
                if (t.visibility() == 0) {
                    continue;
                }
                double dx = p[(row * 7 + j) * 2] - t.x() / 128.0, dy = p[(row * 7 + j) * 2 + 1] - t.y() / 128.0;
                sum += Math.exp(-(dx * dx + dy * dy) / (2 * area * Math.pow(2 * 0.072, 2)));
                labelled++;
            }
            double expected = 1 - sum / labelled;
            NDArray loss = decoder.loss(input, List.of(new TargetGroup(1, new int[] {0},
                    List.of(new KeypointsUnit(box, truth, "synth-triangle")))));
            assertThat(loss.getShape()).isEqualTo(new Shape());
            assertThat((double) loss.getFloat()).isCloseTo(expected, within(1e-5));
        }
    }

    @Test
    void gradientsReachEveryParameterAndABatchWithoutTargetsStaysInTheGraph() {
        Scenes scenes = new Scenes(13, 2);
        try (KeypointDecoder decoder = new KeypointDecoder(Scenes.config().toBuilder().dropout(0.1).build(), manager, 5)) {
            decoder.train(true);
            decoder.parameters().values().forEach(p -> p.setRequiresGradient(true));
            DecoderInput input = scenes.input(manager);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray loss = decoder.loss(input, scenes.targets());
                assertThat(loss.getFloat()).isPositive();
                collector.backward(loss);
            }
            for (Map.Entry<String, NDArray> p : decoder.parameters().entrySet()) {
                assertThat(p.getValue().getGradient().abs().sum().getFloat()).as("gradient of %s", p.getKey())
                        .isGreaterThan(0f);
            }
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray loss = decoder.loss(input, List.of());
                assertThat(loss.getFloat()).isEqualTo(0f);
                collector.backward(loss);  // the engine refuses backward on a result outside the graph
            }
        }
    }

    @Test
    void parameterNamesAndShapes() {
        try (KeypointDecoder decoder = new KeypointDecoder(Scenes.config(), manager, 1)) {
            Map<String, NDArray> p = decoder.parameters();
            assertThat(p.get("input_proj.0.weight").getShape()).isEqualTo(new Shape(32, Scenes.FINE_CHANNELS));
            assertThat(p.get("input_proj.1.weight").getShape()).isEqualTo(new Shape(32, Scenes.COARSE_CHANNELS));
            assertThat(p.get("query_proj.weight").getShape()).isEqualTo(new Shape(32, Scenes.D));
            assertThat(p.get("slot_embed").getShape()).isEqualTo(new Shape(8, 32));
            assertThat(p.get("bbox_embed.layers.2.weight").getShape()).isEqualTo(new Shape(4, 32));
            assertThat(p.get("keypoint_embed.layers.2.weight").getShape()).isEqualTo(new Shape(2, 32));
            assertThat(p.get("visibility_embed.weight").getShape()).isEqualTo(new Shape(1, 32));
            assertThat(p.get("schema_embed.weight").getShape()).isEqualTo(new Shape(7, 32));
            assertThat(p.get("score_embed.weight").getShape()).isEqualTo(new Shape(1, 32));
            assertThat(p).containsKeys("layers.1.self_attn.q_proj.weight", "layers.1.encoder_attn.out_proj.bias",
                    "layers.0.fc1.weight", "layers.0.final_layer_norm.bias");
            // 2 projections x 2, query_proj 2, slot_embed 1, 2 layers x 26, heads 6 + 6 + 2 + 2 + 2
            assertThat(p).hasSize(4 + 2 + 1 + 2 * 26 + 18);
        }
    }

    @Test
    void aDecoderFolderReadsBackToTheSameAnswersAndAWrongOneIsNamed(@TempDir Path dir) throws IOException {
        Scenes scenes = new Scenes(17, 2);
        try (KeypointDecoder original = new KeypointDecoder(Scenes.config(), manager, 8)) {
            original.saveFolder(dir.resolve("folder"));
            assertThat(DecoderFolder.readConfig(dir.resolve("folder"), KeypointDecoderConfig.class))
                    .isEqualTo(Scenes.config());
            try (KeypointDecoder reloaded = KeypointDecoder.loadFolder(dir.resolve("folder"), manager);
                 KeypointDecoder other = new KeypointDecoder(Scenes.config(), manager, 9)) {
                assertThat(reloaded.parameters().keySet()).isEqualTo(original.parameters().keySet());
                original.parameters().forEach((name, value) ->
                        assertThat(reloaded.parameters().get(name).getShape()).as(name).isEqualTo(value.getShape()));
                assertThat(reloaded.decode(scenes.input(manager))).isEqualTo(original.decode(scenes.input(manager)));
                assertThat(other.decode(scenes.input(manager))).isNotEqualTo(original.decode(scenes.input(manager)));
            }

            Map<String, NDArray> tensors = new LinkedHashMap<>(original.parameters());
            tensors.remove("schema_embed.bias");
            tensors.put("slot_embed", manager.zeros(new Shape(5, 32)));
            Path wrong = dir.resolve("wrong.safetensors");
            SafetensorsWriter.write(wrong, tensors, Map.of());
            assertThatThrownBy(() -> original.load(wrong)).isInstanceOf(WeightMismatchException.class)
                    .hasMessageContaining("schema_embed.bias").hasMessageContaining("slot_embed");
        }
    }

    /** Same schemas and visibilities, coordinates and scores equal up to float rounding. */
    static void assertSameUnits(List<List<DecodedUnit>> actual, List<List<DecodedUnit>> expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int b = 0; b < expected.size(); b++) {
            assertThat(actual.get(b)).hasSameSizeAs(expected.get(b));
            for (int i = 0; i < expected.get(b).size(); i++) {
                KeypointsUnit a = (KeypointsUnit) actual.get(b).get(i);
                KeypointsUnit e = (KeypointsUnit) expected.get(b).get(i);
                assertThat(a.schema()).isEqualTo(e.schema());
                assertThat(a.box().x0()).isCloseTo(e.box().x0(), within(1e-3));
                assertThat(a.box().y1()).isCloseTo(e.box().y1(), within(1e-3));
                assertThat(a.box().score()).isCloseTo(e.box().score(), within(1e-5));
                for (int j = 0; j < e.keypoints().size(); j++) {
                    assertThat(a.keypoints().get(j).x()).isCloseTo(e.keypoints().get(j).x(), within(1e-3));
                    assertThat(a.keypoints().get(j).y()).isCloseTo(e.keypoints().get(j).y(), within(1e-3));
                    assertThat(a.keypoints().get(j).score()).isCloseTo(e.keypoints().get(j).score(), within(1e-5));
                    assertThat(a.keypoints().get(j).visibility()).isEqualTo(e.keypoints().get(j).visibility());
                }
            }
        }
    }
}
