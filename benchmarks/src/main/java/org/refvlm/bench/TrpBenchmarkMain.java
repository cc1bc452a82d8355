package org.refvlm.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Collection;
import org.openjdk.jmh.infra.Blackhole;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link TrpParseBenchmark} with short iterations and prints throughput in MB/s
 * (1 MB = 10^6 bytes; the corpus is ASCII). Arguments: {@code [warmup-iterations
 * [measurement-iterations [seconds-per-iteration]]]}, default 3 5 2.
 *
 * <pre>
 * java -cp "benchmarks/target/benchmarks-0.1.0-SNAPSHOT.jar:benchmarks/target/lib/*" org.refvlm.bench.TrpBenchmarkMain
 * </pre>
 */
public final class TrpBenchmarkMain {

    private TrpBenchmarkMain() {
    }

    public static void main(String[] args) throws RunnerException {
        int warmups = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int measurements = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include(TrpParseBenchmark.class.getName())
                .forks(1)
                .warmupIterations(warmups)
                .warmupTime(TimeValue.seconds(seconds))
                .measurementIterations(measurements)
                .measurementTime(TimeValue.seconds(seconds))
                .jvmArgsAppend("-Xmx1g");
        Collection<RunResult> results = new Runner(options.build()).run();

        double megabytes = TrpParseBenchmark.corpusCharacters() / 1e6;
        System.out.printf("%nCorpus: %.3f MB of TRP answers (%d answers)%n", megabytes,
                TrpCorpus.answers(TrpParseBenchmark.CORPUS_CHARACTERS, 42).size());
        double whole = 0;
        double streaming = 0;
        for (RunResult result : results) {
            String name = result.getParams().getBenchmark();
            double millis = result.getPrimaryResult().getScore();
            double error = result.getPrimaryResult().getScoreError();
            double throughput = megabytes / (millis / 1000.0);
            System.out.printf("%-12s %8.2f ms/op (+- %.2f)  =  %7.1f MB/s%n",
                    name.substring(name.lastIndexOf('.') + 1), millis, error, throughput);
            if (name.endsWith("wholeText")) {
                whole = throughput;
            } else if (name.endsWith("streaming")) {
                streaming = throughput;
            }
        }
        if (whole > 0 && streaming > 0) {
            System.out.printf("streaming is %.2fx slower than whole-text (target: within 3x; whole-text target > 50 MB/s)%n",
                    whole / streaming);
        }
        System.out.println("The machine is shared: expect tens of percent of noise between runs.");
        cpuTimeCrossCheck(megabytes);
    }

    /**
     * JMH measures wall-clock time, which other users of a shared machine inflate. Time spent on
     * this thread's CPU is much less sensitive to them; report throughput per CPU-second too
     * (median of 15 rounds after 15 warm-up rounds, in this JVM).
     */
    private static void cpuTimeCrossCheck(double megabytes) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        if (!threads.isCurrentThreadCpuTimeSupported()) {
            return;
        }
        TrpParseBenchmark benchmark = new TrpParseBenchmark();
        benchmark.buildCorpus();
        Blackhole sink = new Blackhole(
                "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
        double[] whole = new double[15];
        double[] streaming = new double[15];
        for (int round = -15; round < 15; round++) {
            long start = threads.getCurrentThreadCpuTime();
            benchmark.wholeText(sink);
            long middle = threads.getCurrentThreadCpuTime();
            benchmark.streaming(sink);
            long end = threads.getCurrentThreadCpuTime();
            if (round >= 0) {
                whole[round] = megabytes / ((middle - start) / 1e9);
                streaming[round] = megabytes / ((end - middle) / 1e9);
            }
        }
        Arrays.sort(whole);
        Arrays.sort(streaming);
        System.out.printf("CPU-time cross-check (median MB per CPU-second): wholeText %.1f MB/s, streaming %.1f MB/s (%.2fx)%n",
                whole[7], streaming[7], whole[7] / streaming[7]);
    }
}
