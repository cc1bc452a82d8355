package org.refvlm.bench.nd4j;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Locale;

/**
 * Runs a 1024x1024 matmul and a multi-head attention block (forward, and forward plus backward)
 * on DJL's PyTorch engine and on ND4J in the same process, so the docs can justify the tensor
 * runtime with figures from one machine at one moment. The engines must first agree on every
 * output and gradient: a timing of unequal work would prove nothing.
 *
 * <p>Options (all optional): {@code --threads=N} (default: available processors),
 * {@code --warmup=N} (default 5), {@code --repeats=N} (default 40), {@code --block=N} (default 10),
 * {@code --pause-ms=N} (default 300),
 * {@code --seq=L} (default 128),
 * {@code --dim=D} (default 256), {@code --heads=H} (default 4), {@code --batch=B} (default 1).
 */
public final class Nd4jVsDjlBench {

    private static final double TOLERANCE = 1e-3;

    private Nd4jVsDjlBench() {
    }

    public static void main(String[] args) {
        int threads = intOption(args, "threads", Runtime.getRuntime().availableProcessors());
        int warmup = intOption(args, "warmup", 5);
        int repeats = intOption(args, "repeats", 40);
        int block = intOption(args, "block", 10);
        int pauseMs = intOption(args, "pause-ms", 300);
        BenchInputs in = new BenchInputs(1024,
                intOption(args, "batch", 1), intOption(args, "seq", 128),
                intOption(args, "dim", 256), intOption(args, "heads", 4), 42L);

        try (DjlEngine djl = new DjlEngine(in, threads); Nd4jEngine nd4j = new Nd4jEngine(in, threads)) {
            System.out.println("Java " + System.getProperty("java.version") + " on "
                    + System.getProperty("os.arch") + ", " + Runtime.getRuntime().availableProcessors()
                    + " processors, load average " + String.format(Locale.ROOT, "%.2f",
                            ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
            // Read by both OpenMP runtimes at load time, so it can only be reported, not set, here.
            System.out.println("OMP_WAIT_POLICY=" + System.getenv().getOrDefault("OMP_WAIT_POLICY", "(unset)")
                    + ", OMP_NUM_THREADS=" + System.getenv().getOrDefault("OMP_NUM_THREADS", "(unset)"));
            System.out.println(djl.describe());
            System.out.println(nd4j.describe());
            System.out.printf(Locale.ROOT, "attention block: B=%d L=%d D=%d heads=%d, fp32, CPU%n",
                    in.batch, in.seqLen, in.dim, in.heads);
            System.out.println();

            if (!agree(djl, nd4j)) {
                System.out.println("The engines disagree: no timing, since it would compare unequal work.");
                System.exit(1);
            }
            System.out.println();

            System.out.printf(Locale.ROOT, "timing: %d warm-up runs, then %d timed runs per engine in alternating blocks of %d, "
                    + "%d ms pause at each switch%n", warmup, repeats, block, pauseMs);
            Timing[] matmul = Timing.alternate(warmup, repeats, block, pauseMs, djl::matmul, nd4j::matmul);
            Timing[] forward = Timing.alternate(warmup, repeats, block, pauseMs, djl::blockForward, nd4j::blockForward);
            Timing[] train = Timing.alternate(warmup, repeats, block, pauseMs,
                    djl::blockForwardBackward, nd4j::blockForwardBackward);

            double matmulFlops = 2.0 * in.n * in.n * in.n;
            double forwardFlops = in.blockForwardFlops();
            // The backward of every matrix product costs two products of the same size.
            double trainFlops = 3 * forwardFlops;
            System.out.println();
            System.out.printf(Locale.ROOT, "%-28s %21s %21s %14s%n", "operation",
                    "DJL best/median ms", "ND4J best/median ms", "DJL/ND4J (med)");
            row("matmul 1024x1024", matmul);
            row("attention forward", forward);
            row("attention forward+backward", train);
            System.out.println();
            System.out.printf(Locale.ROOT, "%-28s %21s %21s%n", "GFLOP/s (best/median)", "DJL", "ND4J");
            gflops("matmul 1024x1024", matmulFlops, matmul);
            gflops("attention forward", forwardFlops, forward);
            gflops("attention forward+backward", trainFlops, train);
            System.out.println();
            System.out.println("DJL/ND4J below 1 means DJL is faster; ND4J's block runs through SameDiff, "
                    + "its only autodiff.");
        }
    }

    private static boolean agree(EngineUnderTest reference, EngineUnderTest other) {
        BlockResult r = reference.blockOnce();
        BlockResult o = other.blockOnce();
        List<Agreement> checks = List.of(
                Agreement.of("matmul 1024x1024", reference.matmulOnce(), other.matmulOnce(), TOLERANCE),
                Agreement.of("attention output", r.output(), o.output(), TOLERANCE),
                Agreement.of("d sum(out) / d Wq", r.gradQ(), o.gradQ(), TOLERANCE),
                Agreement.of("d sum(out) / d Wk", r.gradK(), o.gradK(), TOLERANCE),
                Agreement.of("d sum(out) / d Wv", r.gradV(), o.gradV(), TOLERANCE),
                Agreement.of("d sum(out) / d Wo", r.gradO(), o.gradO(), TOLERANCE));
        System.out.printf(Locale.ROOT, "equality check, %s against %s (pass: max |diff| <= %.0e x max(1, max |value|))%n",
                other.name(), reference.name(), TOLERANCE);
        boolean all = true;
        for (Agreement a : checks) {
            System.out.printf(Locale.ROOT, "  %-20s max |diff| %.3e  max |value| %.3e  %s%n",
                    a.what(), a.maxAbsDiff(), a.maxAbsValue(), a.passes() ? "PASS" : "FAIL");
            all &= a.passes();
        }
        return all;
    }

    private static void row(String op, Timing[] djlNd4j) {
        Timing djl = djlNd4j[0];
        Timing nd4j = djlNd4j[1];
        System.out.printf(Locale.ROOT, "%-28s %10.3f / %8.3f %10.3f / %8.3f %14.2f%n", op,
                djl.bestMs(), djl.medianMs(), nd4j.bestMs(), nd4j.medianMs(),
                djl.medianMs() / nd4j.medianMs());
    }

    private static void gflops(String op, double flops, Timing[] djlNd4j) {
        Timing djl = djlNd4j[0];
        Timing nd4j = djlNd4j[1];
        System.out.printf(Locale.ROOT, "%-28s %10.1f / %8.1f %10.1f / %8.1f%n", op,
                flops / djl.bestMs() / 1e6, flops / djl.medianMs() / 1e6,
                flops / nd4j.bestMs() / 1e6, flops / nd4j.medianMs() / 1e6);
    }

    private static int intOption(String[] args, String name, int fallback) {
        String prefix = "--" + name + "=";
        for (String arg : args) {
            if (arg.startsWith(prefix)) {
                return Integer.parseInt(arg.substring(prefix.length()));
            }
        }
        return fallback;
    }
}
