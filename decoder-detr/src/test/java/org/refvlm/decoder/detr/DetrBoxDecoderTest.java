package org.refvlm.decoder.detr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.refvlm.api.BoxUnit;
import org.refvlm.api.DecodedUnit;
import org.refvlm.spi.support.DecoderFolder;
import org.refvlm.spi.DecoderInput;
import org.refvlm.spi.ImageFrame;
import org.refvlm.spi.TargetGroup;
import org.refvlm.tensor.safetensors.SafetensorsWriter;
import org.refvlm.tensor.safetensors.WeightMismatchException;

class DetrBoxDecoderTest {

    /** Sample 0 has real slots 0, 1, 3 (a hole on purpose); sample 1 has slots 0 and 1. */
    private static final boolean[] MASK = {
        true, true, false, true, false, false,
        true, true, false, false, false, false};
    private static final List<ImageFrame> FRAMES = List.of(new ImageFrame(40, 30), new ImageFrame(20, 50));

    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    @Test
    void forwardShapesAndDecodedPixels() {
        DetrDecoderConfig config = TinyBatch.config(0.1);
        TinyBatch batch = new TinyBatch(config, 7, MASK, FRAMES);
        try (DetrBoxDecoder decoder = new DetrBoxDecoder(config, manager, 1)) {
            assertThat(decoder.spec().maxQueries()).isEqualTo(6);
            assertThat(decoder.spec().queryWidth()).isEqualTo(24);
            DecoderInput input = batch.input(manager);
            NDArray boxes = decoder.forward(input, false);
            assertThat(boxes.getShape()).isEqualTo(new Shape(2, 6, 4));
            float[] b = boxes.toFloatArray();
            for (float v : b) {
                assertThat(v).isBetween(0f, 1f);
            }

            List<List<DecodedUnit>> decoded = decoder.decode(input);
            assertThat(decoded).hasSize(2);
            assertThat(decoded.get(0)).hasSize(3);
            assertThat(decoded.get(1)).hasSize(2);
            int[][] slots = {{0, 1, 3}, {0, 1}};
            for (int s = 0; s < 2; s++) {
                ImageFrame frame = FRAMES.get(s);
                double side = frame.side();
                for (int k = 0; k < slots[s].length; k++) {
                    int at = (s * 6 + slots[s][k]) * 4;
                    BoxUnit box = (BoxUnit) decoded.get(s).get(k);
                    assertThat(box.hasScore()).as("a regression head has no confidence to report").isFalse();
                    assertThat(box.x0()).isCloseTo(clip((b[at] - b[at + 2] / 2) * side, frame.width()), within(1e-3));
                    assertThat(box.y0()).isCloseTo(clip((b[at + 1] - b[at + 3] / 2) * side, frame.height()), within(1e-3));
                    assertThat(box.x1()).isCloseTo(clip((b[at] + b[at + 2] / 2) * side, frame.width()), within(1e-3));
                    assertThat(box.y1()).isCloseTo(clip((b[at + 1] + b[at + 3] / 2) * side, frame.height()), within(1e-3));
                    assertThat(box.x1()).isLessThanOrEqualTo(frame.width());
                    assertThat(box.y1()).isLessThanOrEqualTo(frame.height());
                }
            }
        }
    }

    private static double clip(double v, int limit) {
        return Math.min(Math.max(v, 0), limit);
    }

    @Test
    void paddedQueriesDoNotChangeRealOnes() {
        DetrDecoderConfig config = TinyBatch.config(0.0);
        TinyBatch batch = new TinyBatch(config, 11, MASK, FRAMES);
        float[] other = batch.queries.clone();
        Random random = new Random(99);
        for (int slot = 0; slot < MASK.length; slot++) {
            if (!MASK[slot]) {
                for (int c = 0; c < 24; c++) {
                    other[slot * 24 + c] = (float) (random.nextGaussian() * 10);
                }
            }
        }
        try (DetrBoxDecoder decoder = new DetrBoxDecoder(config, manager, 3)) {
            float[] a = decoder.forward(batch.input(manager), false).toFloatArray();
            float[] b = decoder.forward(batch.input(manager, other), false).toFloatArray();
            boolean anyPaddedChanged = false;
            for (int slot = 0; slot < MASK.length; slot++) {
                for (int c = 0; c < 4; c++) {
                    if (MASK[slot]) {
                        assertThat(b[slot * 4 + c]).isCloseTo(a[slot * 4 + c], within(1e-6f));
                    } else if (Math.abs(b[slot * 4 + c] - a[slot * 4 + c]) > 1e-4) {
                        anyPaddedChanged = true;
                    }
                }
            }
            assertThat(anyPaddedChanged).as("the padded slots themselves did change").isTrue();
        }
    }

    @Test
    void lossMatchesHandComputationForOnePair() {
        DetrDecoderConfig config = TinyBatch.config(0.0);
        TinyBatch batch = new TinyBatch(config, 5, MASK, FRAMES);
        try (DetrBoxDecoder decoder = new DetrBoxDecoder(config, manager, 4)) {
            DecoderInput input = batch.input(manager);
            float[] p = decoder.forward(input, false).get(new NDIndex("1, 1")).toFloatArray(); // sample 1, slot 1
            BoxUnit target = new BoxUnit(2, 10, 12, 40, 1);  // frame 20x50, side 50
            double[] t = {7 / 50.0, 25 / 50.0, 10 / 50.0, 30 / 50.0};
            double l1 = 0;
            for (int c = 0; c < 4; c++) {
                l1 += Math.abs(p[c] - t[c]);
            }
            double giou = giou(p, t);
            double expected = 5 * l1 + 2 * (1 - giou);
            NDArray loss = decoder.loss(input, List.of(new TargetGroup(1, new int[] {1}, List.of(target))));
            assertThat(loss.getShape()).isEqualTo(new Shape());
            assertThat(loss.getFloat()).isCloseTo((float) expected, within(1e-4f));
        }
    }

    private static double giou(float[] p, double[] t) {
        double px0 = p[0] - p[2] / 2, py0 = p[1] - p[3] / 2, px1 = p[0] + p[2] / 2, py1 = p[1] + p[3] / 2;
        double tx0 = t[0] - t[2] / 2, ty0 = t[1] - t[3] / 2, tx1 = t[0] + t[2] / 2, ty1 = t[1] + t[3] / 2;
        double iw = Math.max(0, Math.min(px1, tx1) - Math.max(px0, tx0));
        double ih = Math.max(0, Math.min(py1, ty1) - Math.max(py0, ty0));
        double inter = iw * ih;
        double union = (px1 - px0) * (py1 - py0) + (tx1 - tx0) * (ty1 - ty0) - inter;
        double enclosing = (Math.max(px1, tx1) - Math.min(px0, tx0)) * (Math.max(py1, ty1) - Math.min(py0, ty0));
        return inter / union - (enclosing - union) / enclosing;
    }

    @Test
    void gradientsReachEveryParameterAndTheQueries() {
        DetrDecoderConfig config = TinyBatch.config(0.1);
        TinyBatch batch = new TinyBatch(config, 13, MASK, FRAMES);
        try (DetrBoxDecoder decoder = new DetrBoxDecoder(config, manager, 5)) {
            decoder.train(true);
            decoder.parameters().values().forEach(p -> p.setRequiresGradient(true));
            DecoderInput input = batch.input(manager);
            input.queries().setRequiresGradient(true);
            List<TargetGroup> targets = List.of(
                    new TargetGroup(0, new int[] {0, 1}, List.of(new BoxUnit(1, 2, 20, 25, 1), new BoxUnit(5, 5, 30, 28, 1))),
                    new TargetGroup(1, new int[] {0}, List.of(new BoxUnit(2, 3, 18, 40, 1))));
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray loss = decoder.loss(input, targets);
                assertThat(loss.getShape()).isEqualTo(new Shape());
                assertThat(loss.getFloat()).isPositive();
                collector.backward(loss);
            }
            for (Map.Entry<String, NDArray> p : decoder.parameters().entrySet()) {
                assertThat(p.getValue().getGradient().abs().sum().getFloat())
                        .as("gradient of %s", p.getKey()).isGreaterThan(0f);
            }
            NDArray queryGradient = input.queries().getGradient();                      // [B, L, D]
            assertThat(queryGradient.get(new NDIndex("0, 0")).abs().sum().getFloat()).isGreaterThan(0f);
            assertThat(queryGradient.get(new NDIndex("1, 0")).abs().sum().getFloat()).isGreaterThan(0f);
            // A padded slot is in no group and hidden from the real queries: it gets no gradient.
            assertThat(queryGradient.get(new NDIndex("0, 2")).abs().sum().getFloat()).isEqualTo(0f);
        }
    }

    @Test
    void batchWithoutTargetsGivesAZeroLossStillInTheGraph() {
        DetrDecoderConfig config = TinyBatch.config(0.0);
        TinyBatch batch = new TinyBatch(config, 17, MASK, FRAMES);
        try (DetrBoxDecoder decoder = new DetrBoxDecoder(config, manager, 6)) {
            decoder.parameters().values().forEach(p -> p.setRequiresGradient(true));
            DecoderInput input = batch.input(manager);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray loss = decoder.loss(input, List.of());
                assertThat(loss.getFloat()).isEqualTo(0f);
                churnFreedMemory();
                // The engine refuses backward() on a result outside the graph, so this proves the connection.
                collector.backward(loss);
            }
            NDArray gradient = decoder.parameters().get("bbox_embed.layers.2.bias").getGradient();
            assertThat(gradient.getShape()).isEqualTo(new Shape(4));
            assertThat(gradient.abs().sum().getFloat()).isEqualTo(0f);
        }
    }

    /**
     * Frees and reuses native memory between forward and backward, so a backward pass that reads
     * a tensor someone already closed returns garbage instead of passing by luck.
     */
    private void churnFreedMemory() {
        for (int i = 0; i < 20; i++) {
            System.gc();
            try (NDManager temp = manager.newSubManager()) {
                temp.create(new float[] {1e9f + i, -1e9f, 3e8f, 7e7f});
                temp.ones(new Shape(64));
            }
        }
    }

    /** The tiny decoder with everything a small model turns on: the map, boxes read off it, a memory layer, refined maps. */
    static DetrDecoderConfig contextual() {
        return TinyBatch.config(0.0).toBuilder().positionInValues(true).alignWeight(1.0).boxesFromMap(true)
                .memoryLayers(1).refineMap(true).build();
    }

    @ParameterizedTest(name = "contextual: {0}")
    @ValueSource(booleans = {false, true})
    void gradientsAgreeWithFiniteDifferences(boolean contextual) {
        DetrDecoderConfig config = contextual ? contextual() : TinyBatch.config(0.0);
        TinyBatch batch = new TinyBatch(config, 29, MASK, FRAMES);
        List<TargetGroup> targets = List.of(
                new TargetGroup(0, new int[] {0, 1, 3}, List.of(new BoxUnit(1, 2, 20, 25, 1), new BoxUnit(5, 5, 30, 28, 1))),
                new TargetGroup(1, new int[] {1}, List.of(new BoxUnit(2, 3, 18, 40, 1))));
        try (DetrBoxDecoder decoder = new DetrBoxDecoder(config, manager, 12)) {
            decoder.parameters().values().forEach(p -> p.setRequiresGradient(true));
            String[] names = contextual
                    ? new String[] {"bbox_embed.layers.2.bias", "encoder.layers.0.self_attn.q_proj.bias",
                        "encoder.layers.0.fc2.bias", "grounding.query.bias", "layers.1.fc2.bias", "input_proj.bias"}
                    : new String[] {"bbox_embed.layers.2.bias", "layers.0.self_attn.q_proj.bias", "input_proj.bias",
                        "query_pos"};
            float[][] analytic = new float[names.length][];
            try (NDManager step = manager.newSubManager()) {
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    NDArray loss = decoder.loss(batch.input(step), targets);
                    churnFreedMemory();
                    collector.backward(loss);
                }
                for (int n = 0; n < names.length; n++) {
                    analytic[n] = decoder.parameters().get(names[n]).getGradient().toFloatArray();
                }
            }
            double eps = 1e-2;
            for (int n = 0; n < names.length; n++) {
                NDArray p = decoder.parameters().get(names[n]);
                float[] values = p.toFloatArray();
                for (int i = 0; i < 3; i++) {
                    float original = values[i];
                    values[i] = (float) (original + eps);
                    p.set(values);
                    double plus = lossValue(decoder, batch, targets);
                    values[i] = (float) (original - eps);
                    p.set(values);
                    double minus = lossValue(decoder, batch, targets);
                    values[i] = original;
                    p.set(values);
                    double numeric = (plus - minus) / (2 * eps);
                    assertThat((double) analytic[n][i]).as("d loss / d %s[%d]", names[n], i)
                            .isCloseTo(numeric, within(2e-3 + 0.05 * Math.abs(numeric)));
                }
            }
        }
    }

    @Test
    void memoryLayersAndRefinedMapsAreOptIn() {
        String json = "{\"queryInputDim\":8,\"numQueries\":2,\"featureLevels\":[\"vit\"],\"featureDims\":[4],"
                + "\"dModel\":8,\"layers\":1,\"heads\":2,\"ffnDim\":16,\"dropout\":0,\"l1Weight\":5,\"giouWeight\":2,"
                + "\"positionInValues\":true,\"alignWeight\":1,\"boxesFromMap\":true}";
        DetrDecoderConfig older = DecoderFolder.parseConfig(json, DetrDecoderConfig.class);
        assertThat(older.memoryLayers()).isZero();
        assertThat(older.refineMap()).isFalse();
        try (DetrBoxDecoder plain = new DetrBoxDecoder(TinyBatch.config(0.0), manager, 1);
             DetrBoxDecoder withContext = new DetrBoxDecoder(contextual(), manager, 1)) {
            assertThat(plain.parameters().keySet()).noneMatch(k -> k.startsWith("encoder."));
            // Hugging Face's DetrEncoderLayer names; the refined maps reuse the grounding map's weights.
            assertThat(withContext.parameters().keySet()).contains("encoder.layers.0.self_attn.k_proj.weight",
                    "encoder.layers.0.self_attn_layer_norm.weight", "encoder.layers.0.fc1.weight",
                    "encoder.layers.0.final_layer_norm.bias");
            assertThat(withContext.parameters().keySet()).filteredOn(k -> k.startsWith("grounding."))
                    .containsExactlyInAnyOrder("grounding.query.weight", "grounding.query.bias",
                            "grounding.memory.weight", "grounding.memory.bias");
        }
        DetrDecoderConfig.Builder c = TinyBatch.config(0.0).toBuilder().positionInValues(true);
        assertThatThrownBy(() -> c.refineMap(true).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("refineMap needs the grounding map");
        assertThatThrownBy(() -> c.refineMap(false).memoryLayers(-1).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("memoryLayers");
    }

    private double lossValue(DetrBoxDecoder decoder, TinyBatch batch, List<TargetGroup> targets) {
        try (NDManager step = manager.newSubManager()) {
            return decoder.loss(batch.input(step), targets).toType(ai.djl.ndarray.types.DataType.FLOAT64, false).getDouble();
        }
    }

    @Test
    void referenceSizesRunOnSmallFeatureMaps() {
        DetrDecoderConfig config = DetrDecoderConfig.reference();
        Random random = new Random(3);
        boolean[] mask = new boolean[100];
        mask[0] = mask[1] = mask[2] = true;
        try (DetrBoxDecoder decoder = new DetrBoxDecoder(config, manager, 1)) {
            long scalars = decoder.parameters().values().stream().mapToLong(NDArray::size).sum();
            // input_proj + query_proj + query_pos + 6 layers + final norm + box head
            long layer = 2 * 4 * (256 * 256 + 256) + 2 * 256 * 2048 + 2048 + 256 + 3 * 2 * 256;
            long expected = (2368 * 256 + 256) + (4096 * 256 + 256) + 100 * 256 + 6 * layer + 2 * 256
                    + 2 * (256 * 256 + 256) + 256 * 4 + 4;
            assertThat(scalars).isEqualTo(expected);
            DecoderInput input = new DecoderInput(
                    manager.create(TinyBatch.gaussian(random, 100 * 4096), new Shape(1, 100, 4096)),
                    manager.create(mask, new Shape(1, 100)),
                    Map.of("stride4", manager.create(TinyBatch.gaussian(random, 192 * 16 * 16), new Shape(1, 192, 16, 16)),
                            "stride8", manager.create(TinyBatch.gaussian(random, 384 * 8 * 8), new Shape(1, 384, 8, 8)),
                            "stride16", manager.create(TinyBatch.gaussian(random, 768 * 4 * 4), new Shape(1, 768, 4, 4)),
                            "vit", manager.create(TinyBatch.gaussian(random, 36 * 1024), new Shape(1, 1024, 6, 6))),
                    List.of(new ImageFrame(300, 200)));
            List<List<DecodedUnit>> decoded = decoder.decode(input);
            assertThat(decoded).hasSize(1);
            assertThat(decoded.get(0)).hasSize(3).allSatisfy(unit -> assertThat(unit).isInstanceOf(BoxUnit.class));
        }
    }

    @Test
    void parameterNamesAreStable() {
        try (DetrBoxDecoder decoder = new DetrBoxDecoder(TinyBatch.config(0.0), manager, 1)) {
            Map<String, NDArray> p = decoder.parameters();
            assertThat(p).containsKeys("input_proj.weight", "input_proj.bias", "query_proj.weight", "query_pos",
                    "layers.0.self_attn.q_proj.weight", "layers.1.encoder_attn.out_proj.bias",
                    "layers.1.self_attn_layer_norm.weight", "layers.0.fc1.weight", "layers.0.final_layer_norm.bias",
                    "layernorm.weight", "bbox_embed.layers.2.bias");
            assertThat(p.get("input_proj.weight").getShape()).isEqualTo(new Shape(32, 20));
            assertThat(p.get("query_pos").getShape()).isEqualTo(new Shape(6, 32));
            assertThat(p.get("bbox_embed.layers.2.weight").getShape()).isEqualTo(new Shape(4, 32));
            assertThat(p).hasSize(4 + 1 + 2 * 26 + 2 + 6);
        }
    }

    @Test
    void sameSeedSameWeights() {
        try (DetrBoxDecoder a = new DetrBoxDecoder(TinyBatch.config(0.0), manager, 42);
             DetrBoxDecoder b = new DetrBoxDecoder(TinyBatch.config(0.0), manager, 42)) {
            a.parameters().forEach((name, value) ->
                    assertThat(value.contentEquals(b.parameters().get(name))).as(name).isTrue());
        }
    }

    @Test
    void saveAndLoadRoundTrip(@TempDir Path dir) throws IOException {
        DetrDecoderConfig config = TinyBatch.config(0.0);
        TinyBatch batch = new TinyBatch(config, 19, MASK, FRAMES);
        Path file = dir.resolve("detr.safetensors");
        try (DetrBoxDecoder original = new DetrBoxDecoder(config, manager, 8);
             DetrBoxDecoder other = new DetrBoxDecoder(config, manager, 9)) {
            original.parameters().values().forEach(p -> p.setRequiresGradient(true));
            original.save(file);
            float[] expected = original.forward(batch.input(manager), false).toFloatArray();
            float[] before = other.forward(batch.input(manager), false).toFloatArray();
            assertThat(before).isNotEqualTo(expected);

            other.parameters().values().forEach(p -> p.setRequiresGradient(true));
            NDArray sameArray = other.parameters().get("query_pos");
            other.load(file);
            assertThat(other.parameters().get("query_pos")).isSameAs(sameArray);
            assertThat(other.parameters().get("query_pos").hasGradient()).isTrue();
            assertThat(other.forward(batch.input(manager), false).toFloatArray()).isEqualTo(expected);
            assertThat(other.decode(batch.input(manager))).isEqualTo(original.decode(batch.input(manager)));
        }
        assertThat(dir.toFile().list()).containsExactly("detr.safetensors");
    }

    @Test
    void loadingAMismatchedFileNamesEveryProblem(@TempDir Path dir) throws IOException {
        DetrDecoderConfig config = TinyBatch.config(0.0);
        Path file = dir.resolve("wrong.safetensors");
        try (DetrBoxDecoder decoder = new DetrBoxDecoder(config, manager, 8)) {
            Map<String, NDArray> tensors = new LinkedHashMap<>(decoder.parameters());
            tensors.remove("layers.1.fc2.bias");
            tensors.put("query_pos", manager.zeros(new Shape(7, 32)));
            tensors.put("class_embed.weight", manager.zeros(new Shape(2, 32)));
            SafetensorsWriter.write(file, tensors, Map.of());
            float[] before = decoder.parameters().get("query_pos").toFloatArray();
            assertThatThrownBy(() -> decoder.load(file))
                    .isInstanceOf(WeightMismatchException.class)
                    .hasMessageContaining("layers.1.fc2.bias")
                    .hasMessageContaining("class_embed.weight")
                    .hasMessageContaining("query_pos")
                    .satisfies(e -> {
                        WeightMismatchException w = (WeightMismatchException) e;
                        assertThat(w.missing()).containsExactly("layers.1.fc2.bias");
                        assertThat(w.unexpected()).containsExactly("class_embed.weight");
                        assertThat(w.wrongShape()).hasSize(1);
                    });
            assertThat(decoder.parameters().get("query_pos").toFloatArray()).as("nothing loaded").isEqualTo(before);
        }
    }

    @Test
    void rejectsInputsThatDoNotFit() {
        DetrDecoderConfig config = TinyBatch.config(0.0);
        TinyBatch batch = new TinyBatch(config, 23, MASK, FRAMES);
        try (DetrBoxDecoder decoder = new DetrBoxDecoder(config, manager, 1)) {
            DecoderInput good = batch.input(manager);
            DecoderInput missingLevel = new DecoderInput(good.queries(), good.queryMask(),
                    Map.of("stride8", good.features().get("stride8")), FRAMES);
            assertThatThrownBy(() -> decoder.decode(missingLevel)).hasMessageContaining("'vit'");
            DecoderInput wrongChannels = new DecoderInput(good.queries(), good.queryMask(),
                    Map.of("stride8", good.features().get("stride8"), "vit", manager.zeros(new Shape(2, 5, 8, 8))), FRAMES);
            assertThatThrownBy(() -> decoder.decode(wrongChannels))
                    .hasMessage("feature map 'vit' must be [2, 12, H, W], got (2, 5, 8, 8)");
            DecoderInput tokens = new DecoderInput(good.queries(), good.queryMask(),
                    Map.of("stride8", good.features().get("stride8"), "vit", manager.zeros(new Shape(2, 64, 12))), FRAMES);
            assertThatThrownBy(() -> decoder.decode(tokens)).as("feature maps are grids, not token lists")
                    .hasMessage("feature map 'vit' must be [2, 12, H, W], got (2, 64, 12)");
        }
    }
}
