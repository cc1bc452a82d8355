package org.refvlm.bench;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Locale;
import org.refvlm.llm.GenerationConfig;
import org.refvlm.llm.CausalLanguageModel;
import org.refvlm.llm.LlamaConfig;
import org.refvlm.llm.LlamaModels;
import org.refvlm.llm.LmInput;
import org.refvlm.tensor.Devices;

/**
 * Benchmark (not a test): matrix-product GFLOP/s as the machine's ceiling, the LLaMA forward's
 * GFLOP/s and its share of that ceiling, and generation tokens/s with and without the KV cache
 * for llama-tiny and a random ~100M-parameter LLaMA, batch 1 and 8.
 *
 * <pre>ENGINE_CACHE_DIR=distribution/target/refvlm/engine java -Dai.djl.offline=true \
 *     -cp "benchmarks/target/benchmarks-0.1.0-SNAPSHOT.jar:benchmarks/target/lib/*" \
 *     org.refvlm.bench.LlamaBench [device] [llama-tiny folder]</pre>
 */
public final class LlamaBench {
    private LlamaBench() {
    }

    public static void main(String[] args) throws Exception {
        Device device = Devices.parse(args.length > 0 ? args[0] : "cpu");
        Path tinyFolder = Paths.get(args.length > 1 ? args[1] : "conformance/src/test/resources/conformance/llama-tiny");
        Engine engine = Engine.getEngine("PyTorch");
        System.out.printf(Locale.ROOT, "device %s, engine %s %s, %d cores, intra-op threads %s (best of several runs)%n",
                device, engine.getEngineName(), engine.getVersion(), Runtime.getRuntime().availableProcessors(),
                System.getProperty("ai.djl.pytorch.num_threads", "default"));

        double mm1024 = matmul(device, 1024, 20);
        double mm2048 = matmul(device, 2048, 8);
        System.out.printf(Locale.ROOT, "matmul 1024^3: %.1f GFLOP/s; 2048^3: %.1f GFLOP/s%n", mm1024, mm2048);

        // About 100M parameters: 8 layers of width 768 plus a 32000-token vocabulary (embeddings and head untied).
        LlamaConfig c100 = LlamaConfig.of(32000, 768, 2048, 8, 12, 12, false);
        System.out.printf(Locale.ROOT, "random LLaMA: %.1fM parameters (hidden 768, 8 layers, 12 heads, ffn 2048, vocab 32000)%n",
                c100.parameterCount() / 1e6);
        try (CausalLanguageModel model = LlamaModels.random(c100, device, 1)) {
            for (int[] bt : new int[][] {{1, 512}, {8, 128}}) {
                // Paired rounds: a matmul measurement right before each forward, so the share is
                // computed under the same (shared-machine) load; the median share is reported.
                double[] shares = new double[5];
                double bestTokens = 0;
                double bestFlops = 0;
                for (int round = 0; round < shares.length; round++) {
                    double ceilingNow = matmul(device, 1024, 5);
                    double[] r = forward(model, bt[0], bt[1], 1);
                    shares[round] = r[1] / ceilingNow;
                    bestTokens = Math.max(bestTokens, r[0]);
                    bestFlops = Math.max(bestFlops, r[1]);
                }
                java.util.Arrays.sort(shares);
                System.out.printf(Locale.ROOT,
                        "forward B=%d L=%d: best %.0f tokens/s, %.1f GFLOP/s; median share of adjacent matmul 1024: %.0f%% "
                                + "(range %.0f-%.0f%%)%n",
                        bt[0], bt[1], bestTokens, bestFlops, 100 * shares[2], 100 * shares[0], 100 * shares[4]);
            }
            generation("100M", model, 16, 32);
        }
        System.out.printf(Locale.ROOT, "matmul 1024^3 again: %.1f GFLOP/s%n", matmul(device, 1024, 20));
        try (CausalLanguageModel tiny = LlamaModels.load(tinyFolder, device)) {
            generation("llama-tiny", tiny, 16, 64);
        }
    }

    /** GFLOP/s of an n x n x n product. */
    private static double matmul(Device device, int n, int reps) {
        try (NDManager m = Engine.getEngine("PyTorch").newBaseManager(device)) {
            NDArray a = m.randomNormal(new Shape(n, n));
            NDArray b = m.randomNormal(new Shape(n, n));
            for (int i = 0; i < 3; i++) {
                a.matMul(b).close();
            }
            // Best of several runs: the machine is shared, and the minimum is the least disturbed.
            double best = Double.MAX_VALUE;
            for (int i = 0; i < reps; i++) {
                long t0 = System.nanoTime();
                NDArray c = a.matMul(b);
                c.toFloatArray(); // forces completion on asynchronous devices
                best = Math.min(best, (System.nanoTime() - t0) / 1e9);
                c.close();
            }
            return 2.0 * n * n * n / best / 1e9;
        }
    }

    /** {tokens/s, GFLOP/s} of a full forward (logits for every position). */
    private static double[] forward(CausalLanguageModel model, int b, int l, int reps) {
        LlamaConfig c = model.config();
        try (NDManager m = Engine.getEngine("PyTorch").newBaseManager(model.device())) {
            NDArray ids = m.randomInteger(3, c.vocabSize(), new Shape(b, l), DataType.INT64);
            LmInput in = new LmInput(ids, null, null, null, false, false);
            try (NDManager w = m.newSubManager()) {
                model.forward(in, null, w).logits().toFloatArray();
            }
            double s = Double.MAX_VALUE;
            for (int i = 0; i < reps; i++) {
                long t0 = System.nanoTime();
                try (NDManager w = m.newSubManager()) {
                    model.forward(in, null, w).logits().toFloatArray();
                }
                s = Math.min(s, (System.nanoTime() - t0) / 1e9);
            }
            double tokens = (double) b * l;
            return new double[] {tokens / s, forwardFlops(c, b, l) / s / 1e9};
        }
    }

    /** Multiply-adds x2 of the projections, MLP, head and the (full, unmasked-width) attention products. */
    static double forwardFlops(LlamaConfig c, int b, int l) {
        double d = c.hiddenSize();
        double q = (double) c.numAttentionHeads() * c.headDim();
        double kv = (double) c.numKeyValueHeads() * c.headDim();
        double perTokenLayer = 2 * (d * q + 2 * d * kv + q * d + 3 * d * c.intermediateSize());
        double attention = 2.0 * 2.0 * l * q; // QK^T and PV per token per layer
        double head = 2 * d * c.vocabSize();
        return (double) b * l * (c.numHiddenLayers() * (perTokenLayer + attention) + head);
    }

    private static void generation(String name, CausalLanguageModel model, int prompt, int newTokens) {
        LlamaConfig c = model.config();
        for (int b : new int[] {1, 8}) {
            for (boolean cache : new boolean[] {true, false}) {
                try (NDManager m = Engine.getEngine("PyTorch").newBaseManager(model.device())) {
                    NDArray ids = m.randomInteger(3, c.vocabSize(), new Shape(b, prompt), DataType.INT64);
                    GenerationConfig g = GenerationConfig.greedy(newTokens, List.of(), 0).withCache(cache);
                    model.generate(ids, null, null, GenerationConfig.greedy(4, List.of(), 0).withCache(cache), null);
                    double s = Double.MAX_VALUE;
                    for (int rep = 0; rep < 3; rep++) {
                        long t0 = System.nanoTime();
                        model.generate(ids, null, null, g, null);
                        s = Math.min(s, (System.nanoTime() - t0) / 1e9);
                    }
                    System.out.printf(Locale.ROOT, "generate %-10s B=%d prompt %d + %d new, %-8s: %8.1f tokens/s (%.1f ms/step)%n",
                            name, b, prompt, newTokens, cache ? "KV cache" : "no cache", b * newTokens / s,
                            1000 * s / newTokens);
                }
            }
        }
    }
}
