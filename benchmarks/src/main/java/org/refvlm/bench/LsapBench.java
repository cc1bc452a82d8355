package org.refvlm.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.refvlm.core.matching.Assignment;
import org.refvlm.core.matching.CostMatrix;
import org.refvlm.core.matching.GroupedAssignment;
import org.refvlm.core.matching.LinearAssignment;
import org.refvlm.core.matching.PaddedCostBatch;
import org.refvlm.tensor.safetensors.SafetensorsFile;
import org.refvlm.tensor.safetensors.TensorInfo;

/**
 * The Java side of {@code bench/lsap_vs_scipy.py}: loads the benchmark matrices, warms the JVM up, then
 * answers timing requests on stdin, one per line, so that the Python side can interleave its scipy
 * timings with the Java ones and both see the same machine load:
 * <ul>
 *   <li>{@code time single|batch|batch-sequential CALLS}: runs CALLS consecutive solves and prints the
 *       mean seconds per solve;</li>
 *   <li>{@code costs PATH}: writes the optimal total cost of every matrix as JSON;</li>
 *   <li>{@code quit}.</li>
 * </ul>
 *
 * <p>Input: tensor {@code single} (one matrix) and tensors {@code batch/NNN} (the groups). The groups are
 * packed into one padded {@code [G, maxRows, maxCols]} batch first, as grouped Hungarian matching receives
 * them from its batched cost computation; {@code batch} solves it with all processors,
 * {@code batch-sequential} on one thread.
 *
 * <p>Usage: {@code LsapBench <in.safetensors>}
 */
public final class LsapBench {

    private LsapBench() {
    }

    public static void main(String[] args) throws IOException {
        Path in = Path.of(args[0]);
        CostMatrix single = null;
        List<String> groupNames = new ArrayList<>();
        List<double[]> groupData = new ArrayList<>();
        List<int[]> groupShapes = new ArrayList<>();
        try (SafetensorsFile file = SafetensorsFile.open(in)) {
            for (String tensorName : file.names()) {
                TensorInfo tensor = file.info(tensorName);
                int rows = (int) tensor.shape()[0];
                int cols = (int) tensor.shape()[1];
                if (tensor.name().equals("single")) {
                    single = CostMatrix.of(file.readDoubles(tensor.name()), rows, cols);
                } else if (tensor.name().startsWith("batch/")) {
                    groupNames.add(tensor.name());
                    groupData.add(file.readDoubles(tensor.name()));
                    groupShapes.add(new int[] {rows, cols});
                }
            }
        }
        if (single == null || groupNames.isEmpty()) {
            throw new IllegalArgumentException(in + " needs a 'single' tensor and 'batch/...' tensors");
        }
        final CostMatrix singleMatrix = single;
        final PaddedCostBatch batch = pack(groupData, groupShapes);
        final LinearAssignment solver = new LinearAssignment();

        try (GroupedAssignment parallel = GroupedAssignment.withAvailableProcessors();
                GroupedAssignment sequential = GroupedAssignment.sequential();
                BufferedReader commands =
                        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            Map<String, Supplier<?>> workloads = Map.of(
                    "single", () -> solver.solve(singleMatrix),
                    "batch", () -> parallel.solve(batch),
                    "batch-sequential", () -> sequential.solve(batch));
            // Warm-up: let the JIT compile the hot loops before anything is timed.
            long warmUntil = System.nanoTime() + 3_000_000_000L;
            while (System.nanoTime() < warmUntil) {
                workloads.values().forEach(Supplier::get);
            }
            System.out.println("ready " + parallel.parallelism());
            System.out.flush();
            for (String line = commands.readLine(); line != null; line = commands.readLine()) {
                String[] words = line.trim().split("\\s+");
                switch (words[0]) {
                    case "time" -> System.out.println(meanSeconds(Integer.parseInt(words[2]), workloads.get(words[1])));
                    case "costs" -> {
                        Map<String, Double> costs = new LinkedHashMap<>();
                        costs.put("single", solver.solve(singleMatrix).totalCost());
                        List<Assignment> groups = parallel.solve(batch);
                        for (int g = 0; g < groups.size(); g++) {
                            costs.put(groupNames.get(g), groups.get(g).totalCost());
                        }
                        new ObjectMapper().writeValue(Path.of(words[1]).toFile(), costs);
                        System.out.println("ok");
                    }
                    case "quit" -> {
                        return;
                    }
                    default -> System.out.println("error: unknown command " + line);
                }
                System.out.flush();
            }
        }
    }

    /** Mean seconds per call over {@code calls} consecutive calls. */
    private static double meanSeconds(int calls, Supplier<?> work) {
        Object sink = null;
        long start = System.nanoTime();
        for (int k = 0; k < calls; k++) {
            sink = work.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9 / calls;
        if (sink == null) {
            throw new AssertionError("no result");
        }
        return seconds;
    }

    private static PaddedCostBatch pack(List<double[]> groups, List<int[]> shapes) {
        int maxRows = shapes.stream().mapToInt(s -> s[0]).max().orElse(0);
        int maxCols = shapes.stream().mapToInt(s -> s[1]).max().orElse(0);
        double[] padded = new double[groups.size() * maxRows * maxCols];
        Arrays.fill(padded, Double.POSITIVE_INFINITY);
        int[] rows = new int[groups.size()];
        int[] cols = new int[groups.size()];
        for (int g = 0; g < groups.size(); g++) {
            rows[g] = shapes.get(g)[0];
            cols[g] = shapes.get(g)[1];
            for (int r = 0; r < rows[g]; r++) {
                System.arraycopy(groups.get(g), r * cols[g], padded, (g * maxRows + r) * maxCols, cols[g]);
            }
        }
        return PaddedCostBatch.of(padded, groups.size(), maxRows, maxCols, rows, cols);
    }
}
