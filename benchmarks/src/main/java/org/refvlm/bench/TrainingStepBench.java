package org.refvlm.bench;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.refvlm.decoder.detr.service.DetrDecoderFactory;
import org.refvlm.decoder.maskformer.service.MaskFormerDecoderFactory;
import org.refvlm.nn.FlopCounter;
import org.refvlm.spi.DecoderFactory;
import org.refvlm.tensor.Devices;
import org.refvlm.trainer.internal.TrainingRun;

/**
 * Benchmark (not a test): how much of the machine a training step of a recipe uses. Every phase
 * of the recipe (encoder pretraining, then each stage) runs for a bounded number of steps with the
 * layer kit's {@link FlopCounter} on; each phase's steps per second and FLOPs per step (matrix
 * products and convolutions, forward and backward, counted from the operands' shapes) give its
 * GFLOP/s, printed as a share of the machine's fp32 matrix-multiply rate (1024^3) measured in the
 * same run before and after. The full recipe's time is extrapolated from the phases' rates.
 *
 * <pre>ENGINE_CACHE_DIR=distribution/target/refvlm/engine java -Dai.djl.offline=true \
 *     -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
 *     -cp "benchmarks/target/benchmarks-0.1.0-SNAPSHOT.jar:benchmarks/target/lib/*" \
 *     org.refvlm.bench.TrainingStepBench [recipe] [steps per phase] [device]</pre>
 *
 * <p>With {@code -Drefvlm.bench.profile=FILE} the run is recorded by PyTorch's own profiler (every
 * operator, forward and backward, with its input shapes) into a Chrome trace; the rates are then
 * the profiler's, so profile and measure in separate runs. {@link OperatorProfile} sums the
 * trace per operator.
 */
public final class TrainingStepBench {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Steps left out at the start of each phase: class loading, JIT, the allocator's first sizes. */
    private static final int WARM_UP = 20;

    private TrainingStepBench() {
    }

    /** One phase's figures. */
    record Phase(String name, long fullSteps, double stepsPerSecond, double medianStepSeconds, double flopsPerStep) {
        double gflops() {
            return flopsPerStep * stepsPerSecond / 1e9;
        }
    }

    public static void main(String[] args) throws Exception {
        Path recipe = Path.of(args.length > 0 ? args[0] : "models/shapes-tiny/recipe.json");
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 150;
        Device device = Devices.parse(args.length > 2 ? args[2] : "cpu");
        Engine engine = Engine.getEngine("PyTorch");
        System.out.printf(Locale.ROOT, "recipe %s, %d steps per phase, device %s, engine %s %s, %d cores, intra-op "
                        + "threads %s%n", recipe, steps, device, engine.getEngineName(), engine.getVersion(),
                Runtime.getRuntime().availableProcessors(), System.getProperty("ai.djl.pytorch.num_threads", "default"));

        Path work = Files.createTempDirectory("refvlm-step-bench");
        JsonNode full = JSON.readTree(recipe.toFile());
        Path shortened = work.resolve("recipe.json");
        JSON.writerWithDefaultPrettyPrinter().writeValue(shortened.toFile(), shortened(full, steps));

        double before = matmul(device, 1024, 20);
        FlopCounter.enable(true);
        String profile = System.getProperty("refvlm.bench.profile");
        if (profile != null) {
            JniUtils.startProfile(false, true, false);
        }
        long t0 = System.nanoTime();
        Map<String, DecoderFactory> factories = Map.of("detr", new DetrDecoderFactory(),
                "maskformer", new MaskFormerDecoderFactory());
        new TrainingRun(shortened, work.resolve("run"), device, factories::get).run(false);
        double wall = (System.nanoTime() - t0) / 1e9;
        if (profile != null) {
            JniUtils.stopProfile(profile);
            System.out.println("operator profile written to " + profile);
        }
        FlopCounter.enable(false);
        double after = matmul(device, 1024, 20);
        double ceiling = (before + after) / 2;
        System.out.printf(Locale.ROOT, "matmul 1024^3: %.1f GFLOP/s before the run, %.1f after; shortened run %.0f s%n",
                before, after, wall);

        List<Phase> phases = phases(work.resolve("run"), full);
        System.out.printf(Locale.ROOT, "%-12s %10s %12s %14s %10s %12s %14s%n", "phase", "steps/s", "median step",
                "GFLOP/step", "GFLOP/s", "of matmul", "full phase");
        double total = 0;
        for (Phase p : phases) {
            double minutes = p.fullSteps() / p.stepsPerSecond() / 60;
            total += minutes;
            System.out.printf(Locale.ROOT, "%-12s %10.2f %10.0f ms %14.3f %10.2f %11.1f%% %10.1f min%n", p.name(),
                    p.stepsPerSecond(), p.medianStepSeconds() * 1000, p.flopsPerStep() / 1e9, p.gflops(),
                    100 * p.gflops() / ceiling, minutes);
        }
        System.out.printf(Locale.ROOT, "recipe's training steps extrapolated: %.1f min (model loading, checkpoints "
                + "and the vocabulary not included)%n", total);
    }

    /** The recipe with every phase cut to {@code steps} optimizer steps (the same phases, data and model). */
    static JsonNode shortened(JsonNode recipe, int steps) {
        ObjectNode r = recipe.deepCopy();
        if (r.has("pretrainEncoders")) {
            ((ObjectNode) r.get("pretrainEncoders")).put("steps", steps);
        }
        ((ObjectNode) r.get("optim")).put("steps", steps);
        for (JsonNode then : r.path("then")) {
            ((ObjectNode) then.get("optim")).put("steps", steps);
        }
        // decoders joining later than the shortened phase would never join
        r.path("decoders").forEach(d -> ((ObjectNode) d).remove("startStep"));
        return r;
    }

    private static List<Phase> phases(Path run, JsonNode full) throws IOException {
        List<Phase> out = new ArrayList<>();
        if (full.has("pretrainEncoders")) {
            out.add(phase("pretraining", run.resolve("pretraining/metrics.jsonl"), full.at("/pretrainEncoders/steps").asLong()));
        }
        out.add(phase("phase 0", run.resolve("metrics.jsonl"), full.at("/optim/steps").asLong()));
        int i = 1;
        for (JsonNode then : full.path("then")) {
            out.add(phase("phase " + i, run.resolve("then-" + i + "/metrics.jsonl"), then.at("/optim/steps").asLong()));
            i++;
        }
        return out;
    }

    /**
     * Rate over the steps after the warm-up and before the last (which writes a checkpoint); the
     * median step shows what a step takes when nothing else on the machine interferes.
     */
    private static Phase phase(String name, Path metrics, long fullSteps) throws IOException {
        List<JsonNode> rows = new ArrayList<>();
        for (String line : Files.readAllLines(metrics)) {
            rows.add(JSON.readTree(line));
        }
        int from = Math.min(WARM_UP, rows.size() - 2);
        int to = rows.size() - 2;
        double seconds = rows.get(to).get("elapsed_s").asDouble() - rows.get(from).get("elapsed_s").asDouble();
        double[] each = new double[to - from];
        double flops = 0;
        for (int k = from + 1; k <= to; k++) {
            each[k - from - 1] = rows.get(k).get("elapsed_s").asDouble() - rows.get(k - 1).get("elapsed_s").asDouble();
            flops += rows.get(k).path("flops").asDouble();
        }
        Arrays.sort(each);
        return new Phase(name, fullSteps, (to - from) / seconds, each[each.length / 2], flops / (to - from));
    }

    /** GFLOP/s of an n x n x n float32 product, best of {@code reps}. */
    static double matmul(Device device, int n, int reps) {
        try (NDManager m = Engine.getEngine("PyTorch").newBaseManager(device)) {
            NDArray a = m.randomNormal(new Shape(n, n));
            NDArray b = m.randomNormal(new Shape(n, n));
            a.matMul(b).toFloatArray(); // warm-up
            double best = Double.MAX_VALUE;
            for (int i = 0; i < reps; i++) {
                long t = System.nanoTime();
                try (NDArray c = a.matMul(b)) {
                    c.get(0, 0).getFloat(); // waits for the product, on any device
                }
                best = Math.min(best, (System.nanoTime() - t) / 1e9);
            }
            return 2.0 * n * n * n / best / 1e9;
        }
    }
}
