package org.refvlm.decoder.maskformer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.refvlm.decoder.maskformer.TinyMasks.FRAMES;
import static org.refvlm.decoder.maskformer.TinyMasks.L;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.refvlm.spi.DecoderFolder;
import org.refvlm.spi.DecoderInput;
import org.refvlm.spi.TargetGroup;

/** Mask2Former's masked attention on the tiny decoder ({@link TinyMasks#config(boolean)}). */
class MaskedAttentionTest {

    private NDManager manager;
    private MaskFormerDecoder decoder;

    @BeforeEach
    void setUp() {
        manager = NDManager.newBaseManager();
        decoder = new MaskFormerDecoder(TinyMasks.config(true), manager, 7);
    }

    @AfterEach
    void tearDown() {
        decoder.close();
        manager.close();
    }

    @Test
    void isOptInAndReadsThePixelEmbeddingsInsteadOfTheStem() {
        String json = "{\"queryInputDim\":16,\"numQueries\":4,\"lateralLevels\":[\"stride8\"],\"lateralDims\":[8],"
                + "\"stemLevel\":\"vit\",\"stemDim\":16,\"dModel\":32,\"layers\":2,\"heads\":4,\"ffnDim\":64,"
                + "\"dropout\":0.1,\"focalWeight\":20,\"diceWeight\":1,\"normGroups\":8}";
        assertThat(DecoderFolder.parseConfig(json, MaskFormerDecoderConfig.class).maskedAttention()).isFalse();
        try (MaskFormerDecoder plain = new MaskFormerDecoder(TinyMasks.config(false), manager, 7)) {
            // the same parameters, less the stem's projection into query memory
            assertThat(plain.parameters().keySet()).contains("memory_projection.weight");
            assertThat(decoder.parameters().keySet()).doesNotContain("memory_projection.weight", "memory_projection.bias");
            Map<String, NDArray> rest = new HashMap<>(plain.parameters());
            rest.remove("memory_projection.weight");
            rest.remove("memory_projection.bias");
            assertThat(decoder.parameters().keySet()).isEqualTo(rest.keySet());
        }
        NDArray logits = decoder.maskLogits(TinyMasks.input(manager, 1));
        assertThat(logits.getShape()).isEqualTo(new Shape(2, L, 32, 32));
        assertThat(logits.isNaN().any().getBoolean()).isFalse();
    }

    @Test
    void gradientsReachEveryParameterAndOnlyTheRealQueries() {
        DecoderInput input = TinyMasks.input(manager, 1);
        input.queries().setRequiresGradient(true);
        decoder.parameters().values().forEach(p -> p.setRequiresGradient(true));
        decoder.train(true);
        List<TargetGroup> targets = List.of(
                new TargetGroup(0, new int[] {0, 1}, List.of(TinyMasks.rectangle(FRAMES.get(0), 4, 6, 30, 40),
                        TinyMasks.disc(FRAMES.get(0), 46, 20, 12))),
                new TargetGroup(1, new int[] {0}, List.of(TinyMasks.rectangle(FRAMES.get(1), 10, 30, 40, 60))));
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray loss = decoder.loss(input, targets);
            assertThat(loss.getFloat()).isPositive();
            gc.backward(loss);
        }
        for (Map.Entry<String, NDArray> e : decoder.parameters().entrySet()) {
            if (e.getKey().endsWith("self_attn.k_proj.bias") || e.getKey().endsWith("cross_attn.k_proj.bias")) {
                continue; // shifts all of a query's scores equally: softmax ignores it
            }
            assertThat(e.getValue().getGradient().abs().sum().getFloat()).as(e.getKey()).isGreaterThan(0f);
        }
        NDArray g = input.queries().getGradient();                               // [2, L, D]
        assertThat(g.get(0, 0).abs().sum().getFloat()).isGreaterThan(0f);
        assertThat(g.get(1, 0).abs().sum().getFloat()).isGreaterThan(0f);
        assertThat(g.get(0, 2).abs().sum().getFloat()).isZero();
        assertThat(g.get(1, 3).abs().sum().getFloat()).isZero();
    }

    @Test
    void paddingSlotsDoNotChangeRealMasks() {
        DecoderInput input = TinyMasks.input(manager, 1);
        NDArray real = input.queryMask().toType(DataType.FLOAT32, false).expandDims(2);
        NDArray garbage = TinyMasks.random(manager, new Random(99), input.queries().getShape()).mul(100);
        NDArray noisy = input.queries().mul(real).add(garbage.mul(real.neg().add(1)));
        NDArray a = decoder.maskLogits(input);
        NDArray b = decoder.maskLogits(new DecoderInput(noisy, input.queryMask(), input.features(), input.frames()));
        for (int[] slot : new int[][] {{0, 0}, {0, 1}, {1, 0}}) {
            float[] x = a.get(slot[0], slot[1]).toFloatArray(), y = b.get(slot[0], slot[1]).toFloatArray();
            for (int i = 0; i < x.length; i++) {
                assertThat(y[i]).isCloseTo(x[i], org.assertj.core.data.Offset.offset(1e-4f));
            }
        }
    }

    @Test
    void anOddPixelGridIsRejectedWithItsSize() {
        DecoderInput input = TinyMasks.input(manager, 1);
        Map<String, NDArray> features = new HashMap<>(input.features());
        features.put("stride8", manager.zeros(new Shape(2, 8, 31, 31)));
        DecoderInput odd = new DecoderInput(input.queries(), input.queryMask(), features, input.frames());
        assertThatThrownBy(() -> decoder.maskLogits(odd)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("31x31").hasMessageContaining("even");
    }
}
