package org.refvlm.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.refvlm.encoder.clipvit.ClipVisionConfig;
import org.refvlm.encoder.clipvit.ClipVisionEncoder;
import org.refvlm.encoder.clipvit.ClipVisionModels;
import org.refvlm.encoder.clipvit.ClipVisionOutput;
import org.refvlm.llm.GenerationConfig;
import org.refvlm.llm.CausalLanguageModel;
import org.refvlm.llm.LlamaModels;
import org.refvlm.llm.LmInput;
import org.refvlm.llm.LmOutput;
import org.refvlm.tensor.safetensors.RawTensor;
import org.refvlm.tensor.safetensors.SafetensorsWriter;

/**
 * The runner must handle fixture folders it has never seen: here folders in the fixture format
 * with configurations the public fixtures do not cover (grouped-query attention with tied
 * embeddings; another image size, patch size and activation). Goldens come from this port, so
 * these tests check the plumbing (config parsing, checkpoint layout, case detection), while the
 * public fixtures check the numerics.
 */
class SyntheticFixturesTest {
    @TempDir
    Path dir;

    @Test
    void groupedQueryTiedLlamaFolder() throws Exception {
        Path f = Files.createDirectories(dir.resolve("llama-gqa-tied"));
        Files.writeString(f.resolve("config.json"), "{\"hidden_size\":48,\"intermediate_size\":96,"
                + "\"num_hidden_layers\":3,\"num_attention_heads\":6,\"num_key_value_heads\":2,\"head_dim\":8,"
                + "\"vocab_size\":123,\"tie_word_embeddings\":true,\"rope_theta\":500000.0,\"rms_norm_eps\":1e-5,"
                + "\"initializer_range\":0.3,\"eos_token_id\":2,\"pad_token_id\":0}");
        Map<String, RawTensor> golden = new LinkedHashMap<>();
        try (CausalLanguageModel model = LlamaModels.random(
                org.refvlm.llm.LlamaConfig.fromJson(f.resolve("config.json")), Device.cpu(), 5);
             NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
            assertThat(model.parameters().asMap()).doesNotContainKey("lm_head.weight");
            Map<String, RawTensor> weights = new LinkedHashMap<>();
            model.parameters().asMap().forEach((k, v) -> weights.put(k, SafetensorsWriter.toRaw(v)));
            SafetensorsWriter.writeRaw(f.resolve("model.safetensors"), weights, Map.of("format", "pt"));
            long[][] ids = {{1, 17, 33, 99, 5, 0, 0}, {1, 8, 9, 10, 11, 12, 13}};
            long[][] mask = {{1, 1, 1, 1, 1, 0, 0}, {1, 1, 1, 1, 1, 1, 1}};
            NDArray idArr = m.create(ids);
            LmOutput out = model.forward(LmInput.ids(idArr, m.create(mask)), null, m);
            golden.put("batch.in.input_ids", RawTensor.ofLongs(new long[] {2, 7}, flat(ids)));
            golden.put("batch.in.attention_mask", RawTensor.ofLongs(new long[] {2, 7}, flat(mask)));
            golden.put("batch.out.logits", SafetensorsWriter.toRaw(out.logits()));
            for (int i = 0; i < out.hiddenStates().size(); i++) {
                golden.put("batch.out.hidden_states." + i, SafetensorsWriter.toRaw(out.hiddenStates().get(i)));
            }
            NDArray prompt = m.create(new long[][] {{1, 40, 41, 42}});
            long[] seq = model.generate(prompt, null, null, GenerationConfig.greedy(7, List.of(2L), 0), null)
                    .sequences()[0];
            golden.put("greedy.in.input_ids", RawTensor.ofLongs(new long[] {1, 4}, new long[] {1, 40, 41, 42}));
            golden.put("greedy.out.sequences", RawTensor.ofLongs(new long[] {1, seq.length}, seq));
        }
        SafetensorsWriter.writeRaw(f.resolve("golden.safetensors"), golden, null);
        Files.writeString(f.resolve("manifest.json"), "{\"kind\":\"llama-causal-lm\",\"cases\":["
                + "{\"name\":\"batch\",\"atol\":0.0001},{\"name\":\"greedy\",\"exact\":true}]}");
        assertRunnerPasses(f, "batch", "greedy", "greedy[no-cache]");
    }

    @Test
    void clipFolderWithOtherImageAndPatchSizeAndGelu() throws Exception {
        Path f = Files.createDirectories(dir.resolve("clip-48-16"));
        Files.writeString(f.resolve("config.json"), "{\"hidden_size\":40,\"intermediate_size\":80,"
                + "\"num_hidden_layers\":2,\"num_attention_heads\":5,\"image_size\":48,\"patch_size\":16,"
                + "\"hidden_act\":\"gelu\",\"layer_norm_eps\":1e-5}");
        ClipVisionConfig cfg = ClipVisionConfig.fromJson(f.resolve("config.json"));
        Random r = new Random(3);
        Map<String, RawTensor> weights = new LinkedHashMap<>();
        for (Map.Entry<String, Shape> e : cfg.expectedWeights().entrySet()) {
            float[] v = new float[(int) e.getValue().size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) (e.getKey().endsWith("norm1.weight") || e.getKey().endsWith("norm2.weight")
                        || e.getKey().contains("layrnorm.weight") || e.getKey().contains("layernorm.weight")
                        ? 1 + 0.1 * r.nextGaussian() : 0.1 * r.nextGaussian());
            }
            weights.put(e.getKey(), RawTensor.ofFloats(e.getValue().getShape(), v));
        }
        weights.put("embeddings.position_ids", RawTensor.ofLongs(new long[] {1, 10}, new long[10]));
        SafetensorsWriter.writeRaw(f.resolve("model.safetensors"), weights, null);
        Map<String, RawTensor> golden = new LinkedHashMap<>();
        try (ClipVisionEncoder clip = ClipVisionModels.load(f, Device.cpu());
             NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
            NDArray px = m.randomUniform(-2, 2, new Shape(3, 3, 48, 48));
            ClipVisionOutput out = clip.forward(px, m);
            assertThat(out.lastHiddenState().getShape()).isEqualTo(new Shape(3, 10, 40));
            golden.put("forward.in.pixel_values", SafetensorsWriter.toRaw(px));
            golden.put("forward.out.last_hidden_state", SafetensorsWriter.toRaw(out.lastHiddenState()));
            golden.put("forward.out.pooler_output", SafetensorsWriter.toRaw(out.pooledOutput()));
            for (int i = 0; i < out.hiddenStates().size(); i++) {
                golden.put("forward.out.hidden_states." + i, SafetensorsWriter.toRaw(out.hiddenStates().get(i)));
            }
        }
        SafetensorsWriter.writeRaw(f.resolve("golden.safetensors"), golden, null);
        Files.writeString(f.resolve("manifest.json"),
                "{\"kind\":\"clip-vision\",\"cases\":[{\"name\":\"forward\",\"atol\":0.0001}]}");
        assertRunnerPasses(f, "forward");
    }

    private static void assertRunnerPasses(Path folder, String... cases) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = new Conformance().run(List.of(folder.toString()), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(rc).as(text + err.toString(StandardCharsets.UTF_8)).isZero();
        for (String c : cases) {
            assertThat(text).containsPattern("\\n  " + java.util.regex.Pattern.quote(c) + " +\\S+ +\\S+ +PASS");
        }
    }

    private static long[] flat(long[][] a) {
        return java.util.Arrays.stream(a).flatMapToLong(java.util.Arrays::stream).toArray();
    }
}
