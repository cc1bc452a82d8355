package org.refvlm.decoder.maskformer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.refvlm.decoder.maskformer.TinyMasks.FRAMES;
import static org.refvlm.decoder.maskformer.TinyMasks.L;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.refvlm.api.DecodedUnit;
import org.refvlm.api.MaskUnit;
import org.refvlm.spi.support.DecoderFolder;
import org.refvlm.spi.DecoderInput;
import org.refvlm.spi.TargetGroup;
import org.refvlm.tensor.safetensors.WeightMismatchException;

class MaskFormerDecoderTest {

    private NDManager manager;
    private MaskFormerDecoder decoder;

    @BeforeEach
    void setUp() {
        manager = NDManager.newBaseManager();
        decoder = new MaskFormerDecoder(TinyMasks.config(), manager, 7);
    }

    @AfterEach
    void tearDown() {
        decoder.close();
        manager.close();
    }

    private List<TargetGroup> targets() {
        return List.of(
                new TargetGroup(0, new int[] {0, 1}, List.of(TinyMasks.rectangle(FRAMES.get(0), 4, 6, 30, 40),
                        TinyMasks.disc(FRAMES.get(0), 46, 20, 12))),
                new TargetGroup(1, new int[] {0}, List.of(TinyMasks.rectangle(FRAMES.get(1), 10, 30, 40, 60))));
    }

    @Test
    void specAndParameterShapes() {
        assertThat(decoder.spec().queryWidth()).isEqualTo(TinyMasks.D);
        assertThat(decoder.spec().maxQueries()).isEqualTo(L);
        assertThat(decoder.spec().featureLevels()).containsExactly("stride8", "stride16", "vit");
        Map<String, NDArray> p = decoder.parameters();
        assertThat(p.get("pixel_decoder.stem.conv.weight").getShape()).isEqualTo(new Shape(32, 16, 3, 3));
        assertThat(p.get("pixel_decoder.lateral.0.conv.weight").getShape()).isEqualTo(new Shape(32, 8, 1, 1));
        assertThat(p.get("pixel_decoder.lateral.1.conv.weight").getShape()).isEqualTo(new Shape(32, 12, 1, 1));
        assertThat(p.get("memory_projection.weight").getShape()).isEqualTo(new Shape(32, 16, 1, 1));
        assertThat(p.get("query_projection.weight").getShape()).isEqualTo(new Shape(32, TinyMasks.D));
        assertThat(p.get("query_position.weight").getShape()).isEqualTo(new Shape(L, 32));
        assertThat(p.get("decoder.layers.1.fc1.weight").getShape()).isEqualTo(new Shape(64, 32));
        assertThat(p.get("mask_head.layers.2.weight").getShape()).isEqualTo(new Shape(32, 32));
        assertThat(p).doesNotContainKey("decoder.layers.2.fc1.weight");
        // PyTorch-default init: Linear weights inside +-1/sqrt(fan_in), norms at 1 and 0
        float bound = (float) (1 / Math.sqrt(TinyMasks.D));
        assertThat(p.get("query_projection.weight").abs().max().getFloat()).isLessThanOrEqualTo(bound);
        assertThat(p.get("decoder.final_norm.weight").toFloatArray()).containsOnly(1f);
        assertThat(p.get("decoder.final_norm.bias").toFloatArray()).containsOnly(0f);
    }

    @Test
    void targetSamplingAndDecodingThresholdAreTheReferencesUnlessAsked() {
        String json = TinyMasks.BASE_CONFIG_JSON;
        MaskFormerDecoderConfig old = DecoderFolder.parseConfig(json, MaskFormerDecoderConfig.class);
        assertThat(old.areaTargets()).isFalse();
        assertThat(old.maskThreshold()).isZero();
        MaskFormerDecoderConfig asked = DecoderFolder.parseConfig(json.replace("}", ",\"areaTargets\":true,"
                + "\"maskThreshold\":-1.5}"), MaskFormerDecoderConfig.class);
        assertThat(asked.areaTargets()).isTrue();
        assertThat(asked.maskThreshold()).isEqualTo(-1.5);
        assertThatThrownBy(() -> DecoderFolder.parseConfig(json.replace("}", ",\"maskThreshold\":\"NaN\"}"),
                MaskFormerDecoderConfig.class)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maskThreshold");
    }

    @Test
    void sameSeedGivesSameParameters() {
        try (MaskFormerDecoder same = new MaskFormerDecoder(TinyMasks.config(), manager, 7);
             MaskFormerDecoder other = new MaskFormerDecoder(TinyMasks.config(), manager, 8)) {
            for (String name : decoder.parameters().keySet()) {
                assertThat(same.parameters().get(name).toFloatArray()).as(name)
                        .containsExactly(decoder.parameters().get(name).toFloatArray());
            }
            assertThat(other.parameters().get("mask_head.layers.0.weight").toFloatArray())
                    .isNotEqualTo(decoder.parameters().get("mask_head.layers.0.weight").toFloatArray());
        }
    }

    @Test
    void logitsAreOnePerSlotAtTheFinestLateralResolution() {
        NDArray logits = decoder.maskLogits(TinyMasks.input(manager, 1));
        assertThat(logits.getShape()).isEqualTo(new Shape(2, L, 32, 32));
        assertThat(logits.isNaN().any().getBoolean()).isFalse();
    }

    @Test
    void featureMapsAreGridsNotTokenLists() {
        DecoderInput input = TinyMasks.input(manager, 1);
        Map<String, NDArray> features = new HashMap<>(input.features());
        NDArray vit = features.get("vit");                                        // [2, 16, 8, 8]
        features.put("vit", vit.reshape(2, 16, 64).transpose(0, 2, 1));          // [2, 64, 16]
        DecoderInput tokens = new DecoderInput(input.queries(), input.queryMask(), features, input.frames());
        assertThatThrownBy(() -> decoder.maskLogits(tokens))
                .hasMessage("feature map 'vit' must be [2, 16, H, W], got (2, 64, 16)");
    }

    @Test
    void decodeGivesOneMaskOfTheOriginalImagePerRealQuery() {
        List<List<DecodedUnit>> out = decoder.decode(TinyMasks.input(manager, 1));
        assertThat(out).hasSize(2);
        assertThat(out.get(0)).hasSize(2);
        assertThat(out.get(1)).hasSize(1);
        for (int b = 0; b < 2; b++) {
            for (DecodedUnit u : out.get(b)) {
                MaskUnit m = (MaskUnit) u;
                assertThat(m.mask().width()).isEqualTo(FRAMES.get(b).width());
                assertThat(m.mask().height()).isEqualTo(FRAMES.get(b).height());
                assertThat(m.score()).isBetween(0.0, 1.0);
                if (m.mask().area() > 0) {
                    assertThat(m.score()).isGreaterThan(0.5);
                }
            }
        }
    }

    /** The fixture's decoder, or the same tiny decoder with Mask2Former's masked attention. */
    private MaskFormerDecoder decoder(boolean maskedAttention) {
        return maskedAttention ? new MaskFormerDecoder(TinyMasks.config(true), manager, 7) : decoder;
    }

    @ParameterizedTest(name = "masked attention: {0}")
    @ValueSource(booleans = {false, true})
    void paddingSlotsDoNotChangeRealOutputs(boolean maskedAttention) {
        MaskFormerDecoder decoder = decoder(maskedAttention);
        DecoderInput input = TinyMasks.input(manager, 1);
        NDArray realMask = input.queryMask().toType(DataType.FLOAT32, false).expandDims(2);
        NDArray garbage = TinyMasks.random(manager, new Random(99), input.queries().getShape()).mul(100);
        // same real queries, padding slots filled with garbage
        NDArray noisy = input.queries().mul(realMask).add(garbage.mul(realMask.neg().add(1)));
        DecoderInput noisyInput = new DecoderInput(noisy, input.queryMask(), input.features(), input.frames());
        NDArray a = decoder.maskLogits(input), b = decoder.maskLogits(noisyInput);
        for (int[] slot : new int[][] {{0, 0}, {0, 1}, {1, 0}}) {
            float[] x = a.get(slot[0], slot[1]).toFloatArray(), y = b.get(slot[0], slot[1]).toFloatArray();
            for (int i = 0; i < x.length; i++) {
                assertThat(y[i]).isCloseTo(x[i], org.assertj.core.data.Offset.offset(1e-4f));
            }
        }
        assertThat(masks(decoder.decode(noisyInput))).isEqualTo(masks(decoder.decode(input)));

        // the router may pad to more slots than the decoder has: trailing padding is dropped
        NDArray wider = noisy.concat(garbage.get(new NDIndex(":, :2")), 1);       // [2, L+2, D]
        NDArray widerMask = input.queryMask().concat(manager.zeros(new Shape(2, 2), DataType.BOOLEAN), 1);
        DecoderInput widerInput = new DecoderInput(wider, widerMask, input.features(), input.frames());
        assertThat(masks(decoder.decode(widerInput))).isEqualTo(masks(decoder.decode(input)));
    }

    @Test
    void aRealQueryBeyondTheDecodersSlotsIsRejected() {
        DecoderInput input = TinyMasks.input(manager, 1);
        NDArray wider = input.queries().concat(manager.ones(new Shape(2, 1, TinyMasks.D)), 1);
        NDArray mask = input.queryMask().concat(manager.ones(new Shape(2, 1), DataType.BOOLEAN), 1);
        DecoderInput tooMany = new DecoderInput(wider, mask, input.features(), input.frames());
        assertThatThrownBy(() -> decoder.decode(tooMany)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most " + L);
    }

    private static List<List<String>> masks(List<List<DecodedUnit>> out) {
        return out.stream().map(s -> s.stream().map(u -> ((MaskUnit) u).mask().toCompactString()).toList()).toList();
    }

    @ParameterizedTest(name = "masked attention: {0}")
    @ValueSource(booleans = {false, true})
    void gradientsReachEveryParameterAndTheRealQueries(boolean maskedAttention) {
        MaskFormerDecoder decoder = decoder(maskedAttention);
        DecoderInput input = TinyMasks.input(manager, 1);
        input.queries().setRequiresGradient(true);
        decoder.parameters().values().forEach(p -> p.setRequiresGradient(true));
        decoder.train(true);
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray loss = decoder.loss(input, targets());
            assertThat(loss.getShape()).isEqualTo(new Shape());
            assertThat(loss.getFloat()).isPositive();
            gc.backward(loss);
        }
        for (Map.Entry<String, NDArray> e : decoder.parameters().entrySet()) {
            float norm = e.getValue().getGradient().abs().sum().getFloat();
            if (e.getKey().endsWith("self_attn.k_proj.bias") || e.getKey().endsWith("cross_attn.k_proj.bias")) {
                // a bias added to every key shifts all scores of a query equally: softmax ignores it
                continue;
            }
            assertThat(norm).as(e.getKey()).isGreaterThan(0f);
        }
        NDArray g = input.queries().getGradient();                               // [2, L, D]
        assertThat(g.get(0, 0).abs().sum().getFloat()).isGreaterThan(0f);
        assertThat(g.get(1, 0).abs().sum().getFloat()).isGreaterThan(0f);
        // padding slots are masked out of self-attention and matched to nothing
        assertThat(g.get(0, 2).abs().sum().getFloat()).isZero();
        assertThat(g.get(1, 3).abs().sum().getFloat()).isZero();
    }

    /**
     * Two identical training runs give bit-identical weights, however the garbage collector runs
     * in between: nothing in the backward graph may depend on Java-owned memory (see EngineTensors).
     */
    @Test
    void trainingIsReproducible() {
        float[][] finals = new float[2][];
        for (int run = 0; run < 2; run++) {
            try (NDManager m = manager.newSubManager();
                 MaskFormerDecoder d = new MaskFormerDecoder(TinyMasks.config(), m, 3)) {
                Engine.getInstance().setRandomSeed(17);
                DecoderInput input = TinyMasks.input(m, 1);
                d.parameters().values().forEach(p -> p.setRequiresGradient(true));
                d.train(true);
                for (int step = 0; step < 12; step++) {
                    try (NDScope scope = new NDScope()) {
                        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                            NDArray loss = d.loss(input, targets());
                            List<ByteBuffer> poison = poisonFreedMemory();
                            gc.backward(loss);
                            assertThat(poison).isNotEmpty();
                        }
                        for (NDArray p : d.parameters().values()) {
                            NDArray g = p.getGradient();
                            p.subi(g.mul(0.01f));
                            g.subi(g);
                        }
                        scope.suppressNotUsedWarning();
                    }
                }
                finals[run] = d.parameters().get("decoder.layers.1.self_attn.q_proj.weight").toFloatArray();
                assertThat(d.parameters().get("mask_head.layers.2.bias").isNaN().any().getBoolean()).isFalse();
            }
        }
        assertThat(finals[1]).containsExactly(finals[0]);
    }

    /**
     * Lets the collector free unreachable direct buffers, then refills small native blocks with
     * NaN: a backward graph that still points into freed Java memory then reads NaN.
     */
    private static List<ByteBuffer> poisonFreedMemory() {
        System.gc();
        List<ByteBuffer> poison = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            ByteBuffer b = ByteBuffer.allocateDirect(4 + (i % 8) * 4).order(ByteOrder.nativeOrder());
            while (b.remaining() >= 4) {
                b.putFloat(Float.NaN);
            }
            poison.add(b);
        }
        return poison;
    }

    @Test
    void forwardPassesLeaveNothingBehindInTheParameterManager() {
        NDManager parameterManager = decoder.parameters().get("mask_head.layers.0.weight").getManager();
        int before = parameterManager.getManagedArrays().size();
        DecoderInput input = TinyMasks.input(manager, 1);
        decoder.parameters().values().forEach(p -> p.setRequiresGradient(true));
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            gc.backward(decoder.loss(input, targets()));
        }
        decoder.decode(input);
        assertThat(parameterManager.getManagedArrays()).hasSize(before);
    }

    @Test
    void withoutTargetsTheLossIsZeroButStillReachesTheParameters() {
        DecoderInput input = TinyMasks.input(manager, 1);
        decoder.parameters().values().forEach(p -> p.setRequiresGradient(true));
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray loss = decoder.loss(input, List.of());
            assertThat(loss.getFloat()).isZero();
            gc.backward(loss);
        }
        decoder.parameters().forEach((name, p) -> assertThat(p.getGradient().getShape()).as(name)
                .isEqualTo(p.getShape()));
        // a sample whose every slot is padding (the router's idle decoder) is fine too
        DecoderInput empty = new DecoderInput(input.queries(), manager.zeros(new Shape(2, L), DataType.BOOLEAN),
                input.features(), input.frames());
        assertThat(decoder.loss(empty, List.of()).getFloat()).isZero();
        assertThat(decoder.decode(empty)).containsExactly(List.of(), List.of());
    }

    @Test
    void targetsMustBeMasksOfTheImageForRealQueries() {
        DecoderInput input = TinyMasks.input(manager, 1);
        TargetGroup wrongSize = new TargetGroup(0, new int[] {0},
                List.of(TinyMasks.rectangle(FRAMES.get(1), 0, 0, 4, 4)));
        assertThatThrownBy(() -> decoder.loss(input, List.of(wrongSize)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("48x64");
        TargetGroup padding = new TargetGroup(0, new int[] {2},
                List.of(TinyMasks.rectangle(FRAMES.get(0), 0, 0, 4, 4)));
        assertThatThrownBy(() -> decoder.loss(input, List.of(padding)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a real query");
    }

    @Test
    void saveAndLoadRoundTrip(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("mask.safetensors");
        decoder.save(file);
        assertThat(Files.list(dir)).containsExactly(file);                       // no temporary left behind
        DecoderInput input = TinyMasks.input(manager, 3);
        try (MaskFormerDecoder other = new MaskFormerDecoder(TinyMasks.config(), manager, 12345)) {
            other.parameters().get("mask_head.layers.0.weight").setRequiresGradient(true);
            assertThat(other.maskLogits(input).toFloatArray()).isNotEqualTo(decoder.maskLogits(input).toFloatArray());
            other.load(file);
            assertThat(other.parameters().keySet()).containsExactlyElementsOf(decoder.parameters().keySet());
            for (String name : decoder.parameters().keySet()) {
                assertThat(other.parameters().get(name).toFloatArray()).as(name)
                        .containsExactly(decoder.parameters().get(name).toFloatArray());
            }
            assertThat(other.parameters().get("mask_head.layers.0.weight").hasGradient()).isTrue();
            assertThat(other.maskLogits(input).toFloatArray()).containsExactly(decoder.maskLogits(input).toFloatArray());
            assertThat(masks(other.decode(input))).isEqualTo(masks(decoder.decode(input)));
        }
    }

    @Test
    void loadReportsEveryMismatchAndKeepsTheCurrentWeights(@TempDir Path dir) throws Exception {
        MaskFormerDecoderConfig c = TinyMasks.config();
        // one more layer (unexpected tensors), wider FFN (wrong shapes)
        MaskFormerDecoderConfig bigger = c.toBuilder().layers(3).ffnDim(128).build();
        Path file = dir.resolve("bigger.safetensors");
        try (MaskFormerDecoder other = new MaskFormerDecoder(bigger, manager, 1)) {
            other.save(file);
        }
        float[] before = decoder.parameters().get("decoder.layers.0.fc1.weight").toFloatArray();
        assertThatThrownBy(() -> decoder.load(file)).isInstanceOfSatisfying(WeightMismatchException.class, e -> {
            assertThat(e.unexpected()).contains("decoder.layers.2.fc1.weight", "decoder.layers.2.final_layer_norm.bias");
            assertThat(e.wrongShape()).anyMatch(s -> s.startsWith("decoder.layers.0.fc1.weight"))
                    .anyMatch(s -> s.startsWith("decoder.layers.1.fc2.weight"));
            assertThat(e.missing()).isEmpty();
        });

        Path smaller = dir.resolve("smaller.safetensors");
        try (MaskFormerDecoder other = new MaskFormerDecoder(c.toBuilder().layers(1).build(), manager, 1)) {
            other.save(smaller);
        }
        assertThatThrownBy(() -> decoder.load(smaller)).isInstanceOfSatisfying(WeightMismatchException.class,
                e -> assertThat(e.missing()).hasSize(26).contains("decoder.layers.1.self_attn.q_proj.weight"));

        Path garbage = dir.resolve("garbage.safetensors");
        Files.write(garbage, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12});
        assertThatThrownBy(() -> decoder.load(garbage)).isInstanceOf(java.io.IOException.class);
        assertThatThrownBy(() -> decoder.load(dir.resolve("absent.safetensors")))
                .isInstanceOf(java.io.IOException.class);

        assertThat(decoder.parameters().get("decoder.layers.0.fc1.weight").toFloatArray()).containsExactly(before);
    }
}
