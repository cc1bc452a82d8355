package org.refvlm.bench;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.refvlm.llm.CausalLanguageModel;
import org.refvlm.llm.GenerationConfig;
import org.refvlm.llm.LlamaModels;

/**
 * Benchmark (not a test): would batching the generation of concurrent HTTP requests pay? The
 * default model's language model generates B answers one after another (the baseline, as the
 * server does today) and then as one batch of B rows, with the KV cache; the ratio is the most
 * batching could save on generation. Prompts are the length of a typical request (image tokens
 * plus text) and answers the length of a grounding answer.
 *
 * <pre>ENGINE_CACHE_DIR=distribution/target/refvlm/engine java -Dai.djl.offline=true \
 *     -cp "benchmarks/target/benchmarks-0.1.0-SNAPSHOT.jar:benchmarks/target/lib/*" \
 *     org.refvlm.bench.GenerationBatchingBench [llm folder] [prompt length] [new tokens]</pre>
 */
public final class GenerationBatchingBench {

    private GenerationBatchingBench() {
    }

    /**
     * Whether a row generated in a left-padded batch of prompts of different lengths gets the
     * tokens and hidden states it gets alone: batching is only worth having if answers stay the same.
     */
    private static void agreement(CausalLanguageModel model, NDManager m, int prompt, GenerationConfig g) {
        int b = 4;
        int d = model.config().hiddenSize();
        float[] maskValues = new float[b * prompt];
        NDArray embeds = m.randomNormal(0, 0.02f, new Shape(b, prompt, d), DataType.FLOAT32);
        for (int r = 0; r < b; r++) {
            for (int i = 0; i < prompt; i++) {
                maskValues[r * prompt + i] = i >= 7 * r ? 1 : 0;   // row r is 7r positions shorter, padded on the left
            }
        }
        NDArray mask = m.create(maskValues, new Shape(b, prompt)).toType(DataType.INT64, false);
        List<float[]> batchedStates = new java.util.ArrayList<>();
        var batched = model.generate(null, embeds, mask, g, step -> batchedStates.add(
                step.lastHiddenStates().get(new ai.djl.ndarray.index.NDIndex(b - 1 + ", -1")).toFloatArray()));
        NDArray alone = embeds.get(new ai.djl.ndarray.index.NDIndex((b - 1) + ", " + 7 * (b - 1) + ":")).expandDims(0);
        List<float[]> aloneStates = new java.util.ArrayList<>();
        var single = model.generate(null, alone, null, g, step -> aloneStates.add(
                step.lastHiddenStates().get(new ai.djl.ndarray.index.NDIndex("0, -1")).toFloatArray()));
        boolean sameTokens = java.util.Arrays.equals(batched.generated(b - 1), single.generated(0));
        double worst = 0;
        for (int s = 0; s < Math.min(batchedStates.size(), aloneStates.size()); s++) {
            for (int i = 0; i < d; i++) {
                worst = Math.max(worst, Math.abs(batchedStates.get(s)[i] - aloneStates.get(s)[i]));
            }
        }
        System.out.printf(Locale.ROOT, "a padded row in a batch of %d against the same prompt alone: tokens %s, "
                + "hidden states differ by at most %.3g%n", b, sameTokens ? "identical" : "DIFFERENT", worst);
    }

    public static void main(String[] args) throws Exception {
        Path folder = Path.of(args.length > 0 ? args[0] : "models/shapes-tiny/model/llm");
        int prompt = args.length > 1 ? Integer.parseInt(args[1]) : 96;
        int newTokens = args.length > 2 ? Integer.parseInt(args[2]) : 24;
        Engine engine = Engine.getEngine("PyTorch");
        System.out.printf(Locale.ROOT, "%s %s, %d cores, intra-op threads %s; %s, prompt %d tokens, %d new tokens, "
                + "greedy with the KV cache (best of 5)%n", engine.getEngineName(), engine.getVersion(),
                Runtime.getRuntime().availableProcessors(), System.getProperty("ai.djl.pytorch.num_threads", "default"),
                folder, prompt, newTokens);
        try (CausalLanguageModel model = LlamaModels.load(folder, Device.cpu());
             NDManager m = engine.newBaseManager(Device.cpu())) {
            GenerationConfig g = GenerationConfig.greedy(newTokens, List.of(), 0);
            System.out.printf(Locale.ROOT, "%-6s %18s %18s %9s%n", "batch", "one by one, ms/req", "batched, ms/req", "speed-up");
            for (int b : new int[] {2, 4, 8}) {
                NDArray ids = m.randomInteger(3, model.config().vocabSize(), new Shape(b, prompt), DataType.INT64);
                NDArray[] rows = new NDArray[b];
                for (int i = 0; i < b; i++) {
                    rows[i] = ids.get(i).expandDims(0);
                }
                model.generate(ids, null, null, g, null);
                model.generate(rows[0], null, null, g, null);
                double sequential = Double.MAX_VALUE;
                double batched = Double.MAX_VALUE;
                for (int round = 0; round < 5; round++) {
                    long t0 = System.nanoTime();
                    for (NDArray row : rows) {
                        model.generate(row, null, null, g, null);
                    }
                    sequential = Math.min(sequential, (System.nanoTime() - t0) / 1e6 / b);
                    t0 = System.nanoTime();
                    model.generate(ids, null, null, g, null);
                    batched = Math.min(batched, (System.nanoTime() - t0) / 1e6 / b);
                }
                System.out.printf(Locale.ROOT, "%-6d %18.1f %18.1f %8.2fx%n", b, sequential, batched, sequential / batched);
            }
            agreement(model, m, prompt, g);
        }
    }
}
