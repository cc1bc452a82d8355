package org.refvlm.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntFunction;
import org.refvlm.trp.ParseResult;
import org.refvlm.trp.TrpListener;
import org.refvlm.trp.TrpParser;
import org.refvlm.trp.TrpStreamParser;

/**
 * How the TRP parsers' time grows on inputs built to make a careless parser quadratic: each
 * pattern is parsed whole and streamed (4 characters per token) at 1 MiB, the baseline, and at
 * 4 MiB, and the ratio of the two CPU times (medians of 11 rounds, after 5 warm-up parses of the large
 * input so that the JIT has compiled the parser before either size is timed) printed.
 * A linear parser shows about 4x, a quadratic one 16x. The unit test {@code AdversarialInputTest}
 * checks that the same kinds of input parse without throwing; this is where their cost is measured.
 *
 * <pre>
 * java -cp "benchmarks/target/benchmarks-0.1.0-SNAPSHOT.jar:benchmarks/target/lib/*" org.refvlm.bench.TrpAdversarialScaling
 * </pre>
 */
public final class TrpAdversarialScaling {

    private static final int BASE = 1 << 20;
    private static final int LARGE = 1 << 22;
    private static final int WARMUPS = 3;
    private static final int ROUNDS = 7;

    private TrpAdversarialScaling() {
    }

    /** Pattern name to a builder of about {@code size} characters of it. */
    static Map<String, IntFunction<String>> patterns() {
        Map<String, IntFunction<String>> p = new LinkedHashMap<>();
        p.put("nested phrases", n -> repeat("<Phrase>", n));
        p.put("nested phrases, closed", n -> "<Phrase>".repeat(n / 17) + "x" + "</Phrase>".repeat(n / 17));
        p.put("parentheses then a unit", n -> "(".repeat(n) + "<Unit>box</Unit>[0]<REF>");
        p.put("unclosed units", n -> repeat("<Unit>", n));
        p.put("references under one unit", n -> "<Phrase>a</Phrase><Unit>box</Unit>" + repeat("[0]<REF>", n));
        p.put("tag prefixes", n -> repeat("<Phr", n));
        p.put("one huge group", n -> "<Phrase>x</Phrase>(" + repeat("<Unit>a</Unit>[0]<REF>,", n) + "<Unit>a</Unit>[0]<REF>)");
        p.put("nested groups in phrases", n -> repeat("<Phrase>((<Unit>a</Unit>[0]<REF>),", n));
        return p;
    }

    private static String repeat(String unit, int size) {
        return unit.repeat(Math.max(1, size / unit.length()));
    }

    public static void main(String[] args) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        System.out.printf("%-28s %12s %12s %8s %12s %12s %8s%n", "pattern", "whole 1M", "whole 4M", "ratio",
                "stream 1M", "stream 4M", "ratio");
        for (Map.Entry<String, IntFunction<String>> e : patterns().entrySet()) {
            String base = e.getValue().apply(BASE);
            String large = e.getValue().apply(LARGE);
            for (int warm = 0; warm < WARMUPS; warm++) {
                TrpParser.lenient().parse(large);
                streamed(large);
            }
            double wholeBase = median(threads, () -> TrpParser.lenient().parse(base));
            double wholeLarge = median(threads, () -> TrpParser.lenient().parse(large));
            double streamBase = median(threads, () -> streamed(base));
            double streamLarge = median(threads, () -> streamed(large));
            System.out.printf("%-28s %10.1fms %10.1fms %7.1fx %10.1fms %10.1fms %7.1fx%n", e.getKey(), wholeBase,
                    wholeLarge, wholeLarge / wholeBase, streamBase, streamLarge, streamLarge / streamBase);
        }
        System.out.println("Input 4x larger: a linear parser takes about 4x the time, a quadratic one 16x. Memory");
        System.out.println("effects (cache, allocation) move single ratios by a factor of 2 or 3; a quadratic parser");
        System.out.println("would also take minutes per 4 MiB input, not milliseconds.");
    }

    private static ParseResult streamed(String text) {
        TrpStreamParser stream = TrpParser.lenient().stream(TrpListener.NONE);
        for (int i = 0, t = 0; i < text.length(); i += 4, t++) {
            stream.feed(text.substring(i, Math.min(text.length(), i + 4)), t);
        }
        return stream.finish();
    }

    /** Median CPU milliseconds of this thread over {@link #ROUNDS} rounds, after one more. */
    private static double median(ThreadMXBean threads, Runnable work) {
        double[] millis = new double[ROUNDS];
        for (int round = -1; round < millis.length; round++) {
            System.gc(); // a collection of the previous round's garbage would otherwise land in this one
            long start = threads.getCurrentThreadCpuTime();
            work.run();
            long end = threads.getCurrentThreadCpuTime();
            if (round >= 0) {
                millis[round] = (end - start) / 1e6;
            }
        }
        Arrays.sort(millis);
        return millis[millis.length / 2];
    }
}
