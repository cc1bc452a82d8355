package org.refvlm.data.synth;

import org.refvlm.data.TaskType;

import java.util.Map;

/**
 * What a generation run produced and how fast: wall-clock time, and the CPU time of the generating threads
 * (which, unlike wall time, does not depend on what else runs on a shared machine).
 */
public record SynthReport(long samples, long scenes, Map<TaskType, Long> perTask, long nanos, long cpuNanos) {
    public double samplesPerSecond() {
        return nanos == 0 ? 0 : samples * 1e9 / nanos;
    }

    /** Samples per second of generator CPU time: what one fully available core would deliver. */
    public double samplesPerCpuSecond() {
        return cpuNanos <= 0 ? 0 : samples * 1e9 / cpuNanos;
    }
}
