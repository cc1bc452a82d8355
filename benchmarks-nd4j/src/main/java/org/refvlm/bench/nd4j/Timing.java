package org.refvlm.bench.nd4j;

import java.util.Arrays;

/**
 * Wall-clock times of repeated runs of one operation. Best and median are both kept: on a
 * shared two-core machine the best run shows what the library can do, the median what it
 * usually does while others are working.
 */
public record Timing(double bestMs, double medianMs, int repeats) {

    /**
     * Times two operations in alternating blocks of {@code blockSize} back-to-back runs, rather
     * than all of one and then all of the other, so that load from other processes, which comes
     * and goes over seconds, falls on both alike. At every switch the thread sleeps
     * {@code switchPauseMs}: after a product OpenBLAS's workers busy-wait for about 0.1 s, and
     * OpenMP's for a shorter while, and on two cores those spinning threads would otherwise be
     * charged to the other library's first runs.
     */
    public static Timing[] alternate(int warmup, int repeats, int blockSize, long switchPauseMs,
            Runnable first, Runnable second) {
        double[] firstMs = new double[repeats];
        double[] secondMs = new double[repeats];
        for (int done = 0; done < repeats; done += blockSize) {
            int count = Math.min(blockSize, repeats - done);
            runBlock(done == 0 ? warmup : 0, switchPauseMs, first, firstMs, done, count);
            runBlock(done == 0 ? warmup : 0, switchPauseMs, second, secondMs, done, count);
        }
        return new Timing[] {summarise(firstMs), summarise(secondMs)};
    }

    private static void runBlock(int warmup, long pauseMs, Runnable op, double[] ms, int from, int count) {
        pause(pauseMs);
        for (int i = 0; i < warmup; i++) {
            op.run();
        }
        for (int i = from; i < from + count; i++) {
            long start = System.nanoTime();
            op.run();
            ms[i] = (System.nanoTime() - start) / 1e6;
        }
    }

    private static void pause(long ms) {
        if (ms <= 0) {
            return;
        }
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while timing", e);
        }
    }

    private static Timing summarise(double[] ms) {
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        return new Timing(sorted[0], median, n);
    }
}
