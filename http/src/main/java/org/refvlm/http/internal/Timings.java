package org.refvlm.http.internal;

import java.util.Arrays;
import java.util.List;

/** Latencies of a run of requests and its wall time: throughput and percentiles. */
record Timings(long[] latencyNanos, long wallNanos) {

    static Timings of(List<Long> latencies, long wallNanos) {
        return new Timings(latencies.stream().mapToLong(Long::longValue).sorted().toArray(), wallNanos);
    }

    double requestsPerSecond() {
        return latencyNanos.length / (wallNanos / 1e9);
    }

    /** The nearest-rank percentile in milliseconds. */
    double percentileMillis(double p) {
        long[] sorted = latencyNanos.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e6;
    }
}
