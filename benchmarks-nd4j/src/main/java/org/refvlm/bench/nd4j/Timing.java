package org.refvlm.bench.nd4j;

import java.util.Arrays;

/**
 * Wall-clock times of repeated runs of one operation. Best and median are both kept: on a
 * shared two-core machine the best run shows what the library can do, the median what it
 * usually does while others are working.
 */
public record Timing(double bestMs, double medianMs, int repeats) {

    /**
     * Times two operations in alternating rounds rather than one after the other, so that load
     * from other processes, which comes and goes over seconds, falls on both alike. Before every
     * run the thread sleeps {@code pauseMs}: after a parallel region the OpenMP and OpenBLAS
     * workers of the library that just ran keep spinning for a while, and on two cores they
     * would otherwise steal the other library's processors.
     */
    public static Timing[] alternate(int warmup, int repeats, long pauseMs, Runnable first, Runnable second) {
        for (int i = 0; i < warmup; i++) {
            first.run();
            second.run();
        }
        double[] firstMs = new double[repeats];
        double[] secondMs = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            firstMs[i] = timeOnce(pauseMs, first);
            secondMs[i] = timeOnce(pauseMs, second);
        }
        return new Timing[] {summarise(firstMs), summarise(secondMs)};
    }

    private static double timeOnce(long pauseMs, Runnable op) {
        pause(pauseMs);
        long start = System.nanoTime();
        op.run();
        return (System.nanoTime() - start) / 1e6;
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
