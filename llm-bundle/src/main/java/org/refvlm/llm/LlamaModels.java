package org.refvlm.llm;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.refvlm.api.model.LanguageModel;
import org.refvlm.llm.internal.LlamaCausalLm;
import org.refvlm.llm.internal.LlamaLanguageModel;
import org.refvlm.nn.Parameters;
import org.refvlm.tensor.safetensors.ShardedCheckpoint;
import org.refvlm.tensor.safetensors.TensorSource;
import org.refvlm.tensor.safetensors.WeightLoader;

/** Creates LLaMA models from Hugging Face folders or with random weights. Models start frozen. */
public final class LlamaModels {
    private LlamaModels() {
    }

    /**
     * A loaded model and its tokenizer as the platform's {@link LanguageModel}, computing on the
     * model's device (a request pipeline outside the platform's services, e.g. the self-test's
     * run on a second device). The caller keeps ownership of both.
     *
     * @param stopTokens the tokens generation stops at ({@link GenerationConfigFile#stopTokens}); the
     *                   tokenizer's end of sequence is added when missing
     */
    public static LanguageModel asLanguageModel(String name, CausalLanguageModel model, TextTokenizer tokenizer,
            List<Long> stopTokens) {
        return new LlamaLanguageModel(name, model, tokenizer, stopTokens);
    }

    /** The engine every model uses. */
    public static Engine engine() {
        return Engine.getEngine("PyTorch");
    }

    /** Loads {@code config.json} plus {@code model.safetensors} (or a sharded index) from a folder, in float32. */
    public static CausalLanguageModel load(Path folder, Device device) throws IOException {
        return load(folder, device, DataType.FLOAT32);
    }

    /**
     * Same, computing in {@code dtype} (FLOAT32 or FLOAT16; BF16 checkpoints are converted on the
     * host). Half precision halves the memory (Vicuna-7B: 13.5 GB instead of 27 GB); norms, rotary
     * tables and softmax still run in float32 as transformers does, and logits are float32.
     */
    public static CausalLanguageModel load(Path folder, Device device, DataType dtype) throws IOException {
        LlamaConfig config = LlamaConfig.fromJson(folder.resolve("config.json"));
        try (TensorSource source = ShardedCheckpoint.open(folder)) {
            return fromCheckpoint(config, source, device, dtype);
        }
    }

    /** Loads weights in float32 after checking every name and shape against {@code config}. */
    public static CausalLanguageModel fromCheckpoint(LlamaConfig config, TensorSource source, Device device)
            throws IOException {
        return fromCheckpoint(config, source, device, DataType.FLOAT32);
    }

    /** Loads weights in {@code dtype} after checking every name and shape against {@code config}. */
    public static CausalLanguageModel fromCheckpoint(LlamaConfig config, TensorSource source, Device device,
                                               DataType dtype) throws IOException {
        checkDtype(dtype);
        WeightLoader loader = WeightLoader.strict("LlamaForCausalLM").withFloatType(dtype)
                .ignoring("model\\.rotary_emb\\.inv_freq", "model\\.layers\\.\\d+\\.self_attn\\.rotary_emb\\.inv_freq");
        if (config.tieWordEmbeddings()) {
            // Tied checkpoints sometimes still carry the (identical) head; it is not used.
            loader = loader.ignoring("lm_head\\.weight");
        }
        NDManager manager = engine().newBaseManager(device);
        try {
            Map<String, NDArray> weights = loader.load(source, config.expectedWeights(), manager);
            Parameters store = new Parameters(manager);
            weights.forEach(store::put);
            return new LlamaCausalLm(config, store);
        } catch (IOException | RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /**
     * Random weights as transformers initialises them (normal(0, initializer_range) matrices,
     * unit norms), seeded; for benchmarks and tests.
     */
    public static CausalLanguageModel random(LlamaConfig config, Device device, int seed) {
        return random(config, device, seed, DataType.FLOAT32);
    }

    /** Random weights in {@code dtype}. */
    public static CausalLanguageModel random(LlamaConfig config, Device device, int seed, DataType dtype) {
        checkDtype(dtype);
        Engine engine = engine();
        engine.setRandomSeed(seed);
        NDManager manager = engine.newBaseManager(device);
        Parameters store = new Parameters(manager);
        for (Map.Entry<String, Shape> e : config.expectedWeights().entrySet()) {
            NDArray a;
            if (e.getKey().endsWith("norm.weight")) {
                a = manager.ones(e.getValue(), DataType.FLOAT32);
            } else if (e.getKey().endsWith(".bias")) {
                a = manager.zeros(e.getValue(), DataType.FLOAT32);
            } else {
                a = manager.randomNormal(0f, (float) config.initializerRange(), e.getValue(), DataType.FLOAT32);
            }
            store.put(e.getKey(), cast(a, dtype));
        }
        return new LlamaCausalLm(config, store);
    }

    private static void checkDtype(DataType dtype) {
        if (dtype == DataType.BFLOAT16) {
            // Checked here because the engine does not fail cleanly: it aborts the JVM.
            throw new IllegalArgumentException("BFLOAT16 is not supported by DJL's PyTorch engine 0.36; use FLOAT16 or FLOAT32");
        }
        if (dtype != DataType.FLOAT32 && dtype != DataType.FLOAT16) {
            throw new IllegalArgumentException("compute type must be FLOAT32 or FLOAT16, not " + dtype);
        }
    }

    /** Converts a loaded array to the compute type, freeing the original. */
    private static NDArray cast(NDArray a, DataType dtype) {
        if (a.getDataType() == dtype) {
            return a;
        }
        NDArray c = a.toType(dtype, false);
        c.setName(a.getName());
        a.close();
        return c;
    }
}
