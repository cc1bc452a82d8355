package org.refvlm.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.refvlm.tensor.safetensors.RawTensor;
import org.refvlm.tensor.safetensors.SafetensorsDType;
import org.refvlm.tensor.safetensors.WeightMismatchException;

class LlamaModelTest {
    private NDManager m;

    @TempDir
    Path dir;

    @BeforeEach
    void setUp() {
        m = Engine.getEngine("PyTorch").newBaseManager();
    }

    @AfterEach
    void tearDown() {
        m.close();
    }

    private NDArray ids(long[][] rows) {
        return m.create(rows);
    }

    @Test
    void cachedAndUncachedGenerationMatchTokenForTokenWithGqaTiedAndLeftPadding() {
        try (CausalLanguageModel model = TinyLlamas.random(2, true, 11)) {
            NDArray ids = ids(new long[][] {{5, 6, 7, 8, 9}, {0, 0, 11, 12, 13}});
            NDArray mask = ids(new long[][] {{1, 1, 1, 1, 1}, {0, 0, 1, 1, 1}});
            GenerationConfig greedy = GenerationConfig.greedy(12, List.of(), 0);
            GenerationResult cached = model.generate(ids, null, mask, greedy, null);
            GenerationResult uncached = model.generate(ids, null, mask, greedy.withCache(false), null);
            assertThat(cached.sequences()).isDeepEqualTo(uncached.sequences());
            assertThat(cached.sequences()[0]).hasSize(17);
            assertThat(cached.steps()).isEqualTo(12);
            // The left-padded row decodes as it would alone: positions come from the mask.
            GenerationResult alone = model.generate(ids(new long[][] {{11, 12, 13}}), null, null, greedy, null);
            assertThat(alone.generated(0)).containsExactly(cached.generated(1));
        }
    }

    @Test
    void generationStopsWhereTheContextIsFullAndAPromptThatFillsItIsRefused() {
        try (CausalLanguageModel model = TinyLlamas.random(2, false, 13)) {
            int context = model.config().maxPositionEmbeddings();
            long[][] prompt = new long[1][context - 6];
            for (int i = 0; i < prompt[0].length; i++) {
                prompt[0][i] = 3 + i % 90;
            }
            GenerationResult r = model.generate(ids(prompt), null, null, GenerationConfig.greedy(50, List.of(), 0), null);
            assertThat(r.generated(0)).hasSize(6);
            assertThatThrownBy(() -> model.generate(ids(new long[1][context]), null, null,
                    GenerationConfig.greedy(5, List.of(), 0), null))
                    .isInstanceOf(org.refvlm.api.model.ContextLengthException.class)
                    .hasMessageStartingWith("the prompt needs " + context + " positions");
        }
    }

    @Test
    void cachedAndUncachedGenerationMatchFromEmbeddings() {
        try (CausalLanguageModel model = TinyLlamas.random(4, false, 12)) {
            NDArray embeds = model.embed(ids(new long[][] {{3, 4, 5, 6}}), m);
            GenerationConfig greedy = GenerationConfig.greedy(8, List.of(), 0);
            GenerationResult a = model.generate(null, embeds, null, greedy, null);
            GenerationResult b = model.generate(null, embeds, null, greedy.withCache(false), null);
            GenerationResult fromIds = model.generate(ids(new long[][] {{3, 4, 5, 6}}), null, null, greedy, null);
            assertThat(a.sequences()).isDeepEqualTo(b.sequences());
            assertThat(a.promptLength()).isZero();
            assertThat(a.sequences()[0]).containsExactly(fromIds.generated(0));
        }
    }

    @Test
    void samplingIsSeededAndTopKOneIsGreedy() {
        try (CausalLanguageModel model = TinyLlamas.random(2, false, 13)) {
            NDArray ids = ids(new long[][] {{5, 6, 7}});
            GenerationConfig base = GenerationConfig.greedy(10, List.of(), 0);
            GenerationConfig sample = base.withSampling(1.5f, 20, 0.9f, 42);
            long[] first = model.generate(ids, null, null, sample, null).sequences()[0];
            long[] again = model.generate(ids, null, null, sample, null).sequences()[0];
            assertThat(first).containsExactly(again);
            long[] uncached = model.generate(ids, null, null, sample.withCache(false), null).sequences()[0];
            assertThat(uncached).containsExactly(first);
            long[] greedy = model.generate(ids, null, null, base, null).sequences()[0];
            long[] topOne = model.generate(ids, null, null, base.withSampling(0.7f, 1, 1f, 7), null).sequences()[0];
            assertThat(topOne).containsExactly(greedy);
            long[] tinyTopP = model.generate(ids, null, null, base.withSampling(1f, 0, 1e-6f, 9), null).sequences()[0];
            assertThat(tinyTopP).containsExactly(greedy);
        }
    }

    @Test
    void stopTokensEndRowsAndFinishedRowsArePadded() {
        try (CausalLanguageModel model = TinyLlamas.random(2, false, 14)) {
            NDArray ids = ids(new long[][] {{5, 6, 7}, {9, 10, 11}});
            long[][] free = model.generate(ids, null, null, GenerationConfig.greedy(8, List.of(), 0), null).sequences();
            long stop = free[0][5]; // third generated token of row 0
            int firstInRow1 = -1;
            for (int i = 3; i < free[1].length; i++) {
                if (free[1][i] == stop) {
                    firstInRow1 = i;
                    break;
                }
            }
            int firstInRow0 = 3;
            while (free[0][firstInRow0] != stop) {
                firstInRow0++;
            }
            GenerationResult r = model.generate(ids, null, null, GenerationConfig.greedy(8, List.of(stop), 0), null);
            long[] row0 = r.sequences()[0];
            assertThat(row0[firstInRow0]).isEqualTo(stop);
            int end = firstInRow1 < 0 ? 11 : Math.max(firstInRow0, firstInRow1) + 1;
            assertThat(row0).hasSize(end);
            for (int i = firstInRow0 + 1; i < row0.length; i++) {
                assertThat(row0[i]).as("pad after stop").isZero();
            }
            GenerationResult capped = model.generate(ids, null, null,
                    new GenerationConfig(8, 6, false, 1f, 0, 1f, List.of(), 0, 0, true), null);
            assertThat(capped.sequences()[0]).hasSize(6);
        }
    }

    @Test
    void listenerSeesEveryStepsLastLayerStateAsAFullForwardComputesIt() {
        try (CausalLanguageModel model = TinyLlamas.random(2, false, 15)) {
            NDArray ids = ids(new long[][] {{5, 6, 7, 8}});
            HiddenStateRecorder rec = new HiddenStateRecorder(0);
            int[] shapes = new int[7];
            GenerationResult r = model.generate(ids, null, null, GenerationConfig.greedy(6, List.of(), 0), step -> {
                shapes[step.step()] = (int) step.lastHiddenStates().getShape().get(1);
                rec.onStep(step);
            });
            assertThat(Arrays.copyOf(shapes, 6)).containsExactly(4, 1, 1, 1, 1, 1);
            long[] seq = r.sequences()[0];
            assertThat(rec.states()).hasSize(4 + 6 - 1);
            assertThat(rec.tokens()).containsExactly(Arrays.stream(r.generated(0)).boxed().toArray(Long[]::new));
            NDArray fed = m.create(Arrays.copyOf(seq, seq.length - 1)).reshape(1, seq.length - 1);
            float[] full = model.forward(LmInput.ids(fed, null), null, m).lastHiddenState().toFloatArray();
            int d = model.config().hiddenSize();
            for (int p = 0; p < rec.states().size(); p++) {
                for (int k = 0; k < d; k++) {
                    assertThat(rec.states().get(p)[k]).isCloseTo(full[p * d + k], within(1e-4f));
                }
            }
        }
    }

    @Test
    void groupedQueryAttentionEqualsMultiHeadWithSharedKeyValueHeads() throws Exception {
        try (CausalLanguageModel gqa = TinyLlamas.random(2, false, 16)) {
            Map<String, RawTensor> w = TinyLlamas.raw(gqa);
            int hd = 8;
            for (String key : List.copyOf(w.keySet())) {
                if (key.endsWith("k_proj.weight") || key.endsWith("v_proj.weight")) {
                    RawTensor t = w.get(key); // [2*hd, D] -> [4*hd, D], query head h reads kv head h / 2
                    int dModel = (int) t.shape()[1];
                    ByteBuffer src = ByteBuffer.wrap(t.data()).order(ByteOrder.LITTLE_ENDIAN);
                    float[] out = new float[4 * hd * dModel];
                    for (int h = 0; h < 4; h++) {
                        for (int r = 0; r < hd; r++) {
                            for (int c = 0; c < dModel; c++) {
                                out[(h * hd + r) * dModel + c] = src.getFloat(4 * (((h / 2) * hd + r) * dModel + c));
                            }
                        }
                    }
                    w.put(key, RawTensor.ofFloats(new long[] {4L * hd, dModel}, out));
                }
            }
            try (CausalLanguageModel mha = TinyLlamas.load(TinyLlamas.config(4, false), w, dir)) {
                NDArray ids = ids(new long[][] {{5, 6, 7, 8, 9, 10}});
                float[] a = gqa.forward(LmInput.ids(ids, null), null, m).logits().toFloatArray();
                float[] b = mha.forward(LmInput.ids(ids, null), null, m).logits().toFloatArray();
                assertMaxDiff(a, b, 1e-5);
            }
        }
    }

    @Test
    void tiedEqualsUntiedWithCopiedHeadAndEmbedsEqualIds() throws Exception {
        try (CausalLanguageModel tied = TinyLlamas.random(4, true, 17)) {
            Map<String, RawTensor> w = TinyLlamas.raw(tied);
            assertThat(w).doesNotContainKey("lm_head.weight");
            w.put("lm_head.weight", w.get("model.embed_tokens.weight"));
            try (CausalLanguageModel untied = TinyLlamas.load(TinyLlamas.config(4, false), w, dir);
                 CausalLanguageModel tiedWithHead = TinyLlamas.load(TinyLlamas.config(4, true), w, dir)) {
                NDArray ids = ids(new long[][] {{1, 2, 3, 4}, {5, 6, 7, 8}});
                float[] a = tied.forward(LmInput.ids(ids, null), null, m).logits().toFloatArray();
                assertMaxDiff(a, untied.forward(LmInput.ids(ids, null), null, m).logits().toFloatArray(), 1e-6);
                assertMaxDiff(a, tiedWithHead.forward(LmInput.ids(ids, null), null, m).logits().toFloatArray(), 1e-6);
                NDArray embeds = tied.embed(ids, m);
                assertThat(embeds.getShape()).isEqualTo(new Shape(2, 4, 32));
                LmOutput fromEmbeds = tied.forward(LmInput.embeds(embeds, null), null, m);
                assertMaxDiff(a, fromEmbeds.logits().toFloatArray(), 1e-6);
                assertThat(fromEmbeds.hiddenStates()).hasSize(3);
            }
        }
    }

    @Test
    void incrementalForwardWithCacheEqualsFullForward() {
        try (CausalLanguageModel model = TinyLlamas.random(2, false, 18);
             KvCache cache = model.newCache()) {
            NDArray all = ids(new long[][] {{4, 5, 6, 7, 8, 9}});
            float[] full = model.forward(LmInput.ids(all, null), null, m).logits().toFloatArray();
            model.forward(LmInput.ids(all.get(new NDIndex(":, :4")), null), cache, m);
            assertThat(cache.length()).isEqualTo(4);
            float[] tail = model.forward(LmInput.ids(all.get(new NDIndex(":, 4:")), null), cache, m).logits()
                    .toFloatArray();
            assertThat(cache.length()).isEqualTo(6);
            int v = model.config().vocabSize();
            assertMaxDiff(Arrays.copyOfRange(full, 4 * v, 6 * v), tail, 1e-5);
        }
    }

    @Test
    void trainingComputesGradientsOnlyForUnfrozenParameters() {
        try (CausalLanguageModel model = TinyLlamas.random(2, false, 19)) {
            assertThat(model.parameters().trainableNames()).isEmpty();
            assertThat(model.setTrainable("model.layers.1.", true)).isEqualTo(9);
            assertThat(model.parameters().trainableNames()).allMatch(n -> n.startsWith("model.layers.1."));
            NDArray ids = ids(new long[][] {{5, 6, 7, 8}});
            try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                NDArray logits = model.forward(LmInput.ids(ids, null), null, m).logits();
                NDArray target = logits.get(new NDIndex(":, :, 3"));
                NDArray loss = logits.logSoftmax(-1).get(new NDIndex(":, :, 3")).neg().mean().add(target.mul(0));
                gc.backward(loss);
            }
            NDArray q = model.parameters().get("model.layers.1.self_attn.q_proj.weight");
            assertThat(q.hasGradient()).isTrue();
            assertThat(q.getGradient().abs().sum().getFloat()).isGreaterThan(0f);
            assertThat(model.parameters().get("model.layers.0.self_attn.q_proj.weight").hasGradient()).isFalse();
            model.setTrainable("", false);
            assertThat(model.parameters().trainableNames()).isEmpty();
        }
    }

    @Test
    void resizingKeepsOldRowsAndOldLogits() {
        for (boolean tied : new boolean[] {false, true}) {
            try (CausalLanguageModel model = TinyLlamas.random(2, tied, 20)) {
                NDArray ids = ids(new long[][] {{5, 6, 7}});
                float[] before = model.forward(LmInput.ids(ids, null), null, m).logits().toFloatArray();
                int v = model.config().vocabSize();
                model.resizeTokenEmbeddings(v + 10);
                assertThat(model.config().vocabSize()).isEqualTo(v + 10);
                assertThat(model.parameters().get("model.embed_tokens.weight").getShape()).isEqualTo(new Shape(v + 10, 32));
                float[] after = model.forward(LmInput.ids(ids, null), null, m).logits().toFloatArray();
                assertThat(after).hasSize(3 * (v + 10));
                for (int p = 0; p < 3; p++) {
                    assertMaxDiff(Arrays.copyOfRange(before, p * v, (p + 1) * v),
                            Arrays.copyOfRange(after, p * (v + 10), p * (v + 10) + v), 1e-6);
                }
                NDArray newIds = ids(new long[][] {{v + 3, v + 9}});
                assertThat(model.forward(LmInput.ids(newIds, null), null, m).logits().getShape())
                        .isEqualTo(new Shape(1, 2, v + 10));
            }
        }
    }

    @Test
    void loadingReportsEveryMissingUnexpectedAndMisshapenWeight() throws Exception {
        try (CausalLanguageModel model = TinyLlamas.random(2, false, 21)) {
            Map<String, RawTensor> w = TinyLlamas.raw(model);
            w.remove("model.norm.weight");
            w.remove("model.layers.1.mlp.up_proj.weight");
            w.put("model.layers.0.self_attn.rotary_emb.inv_freq", RawTensor.ofFloats(new long[] {1}, new float[] {1}));
            w.put("model.layers.0.extra", RawTensor.ofFloats(new long[] {1}, new float[] {1}));
            w.put("model.layers.0.input_layernorm.weight", new RawTensor(SafetensorsDType.F32, new long[] {31},
                    new byte[31 * 4]));
            assertThatThrownBy(() -> TinyLlamas.load(TinyLlamas.config(2, false), w, dir))
                    .isInstanceOfSatisfying(WeightMismatchException.class, e -> {
                        assertThat(e.missing()).containsExactlyInAnyOrder("model.norm.weight",
                                "model.layers.1.mlp.up_proj.weight");
                        assertThat(e.unexpected()).containsExactly("model.layers.0.extra");
                        assertThat(e.wrongShape()).hasSize(1);
                    });
        }
    }

    @Test
    void loadsTheFixtureFolderAndStartsFrozen() throws Exception {
        try (CausalLanguageModel model = LlamaModels.load(org.refvlm.TestFixtures.folder("llama-tiny"),
                org.refvlm.tensor.Devices.parse("cpu"))) {
            assertThat(model.config().vocabSize()).isEqualTo(384);
            assertThat(model.parameters().count()).isEqualTo(model.config().parameterCount());
            assertThat(model.parameters().trainableNames()).isEmpty();
        }
    }

    @Test
    void forwardAndGenerationLeaveNoArraysInTheModelOrTheCallersManager() {
        try (CausalLanguageModel model = TinyLlamas.random(2, false, 22)) {
            NDManager owner = model.parameters().manager();
            int before = owner.getManagedArrays().size();
            NDArray ids = ids(new long[][] {{5, 6, 7}, {0, 8, 9}});
            NDArray mask = ids(new long[][] {{1, 1, 1}, {0, 1, 1}});
            int callerBefore = m.getManagedArrays().size();
            for (boolean cache : new boolean[] {true, false}) {
                model.generate(ids, null, mask, GenerationConfig.greedy(5, List.of(), 0).withCache(cache),
                        new HiddenStateRecorder(1));
                model.generate(null, model.embed(ids, m), mask, GenerationConfig.greedy(3, List.of(), 0)
                        .withCache(cache), null);
            }
            assertThat(owner.getManagedArrays()).hasSize(before);
            assertThat(m.getManagedArrays()).hasSize(callerBefore + 2); // the two embeds arrays made above
            try (NDManager out = m.newSubManager()) {
                LmOutput o = model.forward(LmInput.ids(ids, mask), null, out);
                assertThat(out.getManagedArrays()).hasSize(1 + o.hiddenStates().size());
            }
            assertThat(owner.getManagedArrays()).hasSize(before);
            assertThat(ids.getManager()).isSameAs(m);
        }
    }

    @Test
    void halfPrecisionModelsTrackFloat32AndDecode() throws Exception {
        java.nio.file.Path folder = org.refvlm.TestFixtures.folder("llama-tiny");
        try (CausalLanguageModel f32 = LlamaModels.load(folder, ai.djl.Device.cpu())) {
            NDArray ids = ids(new long[][] {{1, 45, 200, 17, 99, 3}});
            float[] ref = f32.forward(LmInput.ids(ids, null), null, m).logits().toFloatArray();
            double scale = 0;
            for (float v : ref) {
                scale = Math.max(scale, Math.abs(v));
            }
            assertThatThrownBy(() -> LlamaModels.load(folder, ai.djl.Device.cpu(), ai.djl.ndarray.types.DataType.BFLOAT16))
                    .hasMessageContaining("BFLOAT16");
            for (ai.djl.ndarray.types.DataType t : new ai.djl.ndarray.types.DataType[] {
                    ai.djl.ndarray.types.DataType.FLOAT16}) {
                try (CausalLanguageModel half = LlamaModels.load(folder, ai.djl.Device.cpu(), t)) {
                    assertThat(half.parameters().get("model.norm.weight").getDataType()).isEqualTo(t);
                    LmOutput o = half.forward(LmInput.ids(ids, null), null, m);
                    assertThat(o.logits().getDataType()).isEqualTo(ai.djl.ndarray.types.DataType.FLOAT32);
                    // fp16 keeps 11 significant bits: a few percent of the logit range at most.
                    assertMaxDiff(ref, o.logits().toFloatArray(), 0.05 * scale);
                    GenerationConfig g = GenerationConfig.greedy(5, List.of(), 0);
                    HiddenStateRecorder rec = new HiddenStateRecorder(0);
                    GenerationResult a = half.generate(ids, null, null, g, rec);
                    GenerationResult b = half.generate(ids, null, null, g.withCache(false), null);
                    assertThat(a.sequences()[0]).hasSize(11);
                    assertThat(rec.states()).hasSize(10);
                    GenerationResult e = half.generate(null, half.embed(ids, m), null, g, null);
                    assertThat(e.sequences()[0]).hasSize(5);
                    assertThat(b.sequences()[0]).hasSize(11);
                }
            }
        }
    }

    private static void assertMaxDiff(float[] a, float[] b, double tol) {
        assertThat(a).hasSameSizeAs(b);
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        assertThat(max).isLessThanOrEqualTo(tol);
    }
}
