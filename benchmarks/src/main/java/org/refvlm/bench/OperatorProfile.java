package org.refvlm.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Sums a PyTorch profiler trace ({@code TrainingStepBench} with {@code -Drefvlm.bench.profile})
 * per operator: each operator's self time (its time less that of the operators it called, per
 * thread), how often it ran, and the share of the matrix products and convolutions (the work
 * {@code FlopCounter} counts) against everything else. What the rest costs per call tells whether a
 * step is bound by arithmetic or by the number of operators it dispatches.
 *
 * <pre>java -cp "benchmarks/target/benchmarks-0.1.0-SNAPSHOT.jar:benchmarks/target/lib/*" \
 *     org.refvlm.bench.OperatorProfile TRACE.json [top N]</pre>
 */
public final class OperatorProfile {

    /** The kernels the FLOP count covers: dense products and convolutions, forward and backward. */
    static final Set<String> PRODUCTS = Set.of("aten::mm", "aten::addmm", "aten::bmm", "aten::baddbmm",
            "aten::mkldnn_convolution", "aten::convolution_backward", "aten::_mkldnn_convolution",
            "aten::mkldnn_linear", "aten::_convolution");

    private OperatorProfile() {
    }

    /** One complete event of the trace. */
    record Event(String name, long tid, double start, double duration) {
        double end() {
            return start + duration;
        }
    }

    /** An operator's totals. */
    record Totals(String name, long calls, double selfMicros) {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: OperatorProfile TRACE.json [top N]");
            System.exit(2);
        }
        int top = args.length > 1 ? Integer.parseInt(args[1]) : 25;
        List<Event> events = read(Path.of(args[0]));
        List<Totals> totals = selfTimes(events);
        double all = totals.stream().mapToDouble(Totals::selfMicros).sum();
        long calls = totals.stream().mapToLong(Totals::calls).sum();
        double products = totals.stream().filter(t -> PRODUCTS.contains(t.name())).mapToDouble(Totals::selfMicros).sum();
        long productCalls = totals.stream().filter(t -> PRODUCTS.contains(t.name())).mapToLong(Totals::calls).sum();
        System.out.printf(Locale.ROOT, "%d operator calls, %.1f s of self time on all threads%n", calls, all / 1e6);
        System.out.printf(Locale.ROOT, "matrix products and convolutions: %.1f%% of the time in %d calls (%.0f us each)%n",
                100 * products / all, productCalls, products / Math.max(1, productCalls));
        System.out.printf(Locale.ROOT, "everything else:                  %.1f%% of the time in %d calls (%.1f us each)%n",
                100 * (all - products) / all, calls - productCalls, (all - products) / Math.max(1, calls - productCalls));
        System.out.printf(Locale.ROOT, "%-44s %10s %8s %10s%n", "operator", "calls", "share", "us/call");
        totals.stream().limit(top).forEach(t -> System.out.printf(Locale.ROOT, "%-44s %10d %7.1f%% %10.1f%n",
                t.name(), t.calls(), 100 * t.selfMicros() / all, t.selfMicros() / t.calls()));
    }

    /** The trace's complete ("X") events, streamed: a trace of a few hundred steps is large. */
    static List<Event> read(Path trace) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<Event> out = new ArrayList<>();
        try (JsonParser p = new JsonFactory(json).createParser(trace.toFile())) {
            JsonToken first = p.nextToken();
            if (first == JsonToken.START_OBJECT) {
                // {"traceEvents": [...]} form
                while (p.nextToken() != JsonToken.END_OBJECT) {
                    String field = p.currentName();
                    p.nextToken();
                    if ("traceEvents".equals(field)) {
                        readArray(p, json, out);
                    } else {
                        p.skipChildren();
                    }
                }
            } else if (first == JsonToken.START_ARRAY) {
                readArray(p, json, out);
            } else {
                throw new IOException(trace + " is not a Chrome trace (neither an array nor an object)");
            }
        }
        return out;
    }

    private static void readArray(JsonParser p, ObjectMapper json, List<Event> out) throws IOException {
        while (p.nextToken() == JsonToken.START_OBJECT) {
            JsonNode e = json.readTree(p);
            if (!"X".equals(e.path("ph").asText()) || !e.has("dur")) {
                continue;
            }
            out.add(new Event(e.path("name").asText(), e.path("tid").asLong(), e.path("ts").asDouble(),
                    e.path("dur").asDouble()));
        }
    }

    /** Per operator, the time not spent in operators it called (nesting per thread), most first. */
    static List<Totals> selfTimes(List<Event> events) {
        Map<Long, List<Event>> byThread = new HashMap<>();
        events.forEach(e -> byThread.computeIfAbsent(e.tid(), t -> new ArrayList<>()).add(e));
        Map<String, double[]> sums = new HashMap<>();   // name -> {calls, self}
        for (List<Event> thread : byThread.values()) {
            // parents first: earlier start, and the longer of two that start together
            thread.sort(Comparator.comparingDouble(Event::start).thenComparing(Event::duration, Comparator.reverseOrder()));
            Deque<double[]> open = new ArrayDeque<>();  // {end, index}
            double[] self = new double[thread.size()];
            for (int i = 0; i < thread.size(); i++) {
                Event e = thread.get(i);
                while (!open.isEmpty() && open.peek()[0] <= e.start()) {
                    open.pop();
                }
                self[i] = e.duration();
                if (!open.isEmpty()) {
                    self[(int) open.peek()[1]] -= e.duration();
                }
                open.push(new double[] {e.end(), i});
            }
            for (int i = 0; i < thread.size(); i++) {
                double[] s = sums.computeIfAbsent(thread.get(i).name(), n -> new double[2]);
                s[0]++;
                s[1] += Math.max(0, self[i]);
            }
        }
        List<Totals> out = new ArrayList<>();
        sums.forEach((name, s) -> out.add(new Totals(name, (long) s[0], s[1])));
        out.sort(Comparator.comparingDouble(Totals::selfMicros).reversed());
        return out;
    }
}
