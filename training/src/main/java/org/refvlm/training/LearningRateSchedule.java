package org.refvlm.training;

/**
 * Linear warm-up then cosine decay to a floor, as a pure function of the step so that a resumed
 * run needs nothing but the step number to continue the curve.
 *
 * <p>Step {@code s} is the 0-based index of the optimizer update being made. During warm-up
 * ({@code s < warmup}) the rate is {@code peak * (s + 1) / warmup}: the first update already
 * moves (a zero first step would waste a batch) and step {@code warmup - 1} reaches the peak.
 * After warm-up the cosine runs from the peak at {@code s = warmup} to exactly the floor at
 * the last step {@code s = total - 1}.
 *
 * @param peak   learning rate at the end of warm-up
 * @param floor  learning rate at the last step
 * @param warmup number of warm-up steps (0 = start at the peak)
 * @param total  number of steps of the run
 */
public record LearningRateSchedule(double peak, double floor, long warmup, long total) {

    public LearningRateSchedule {
        if (total < 1 || warmup < 0 || floor > peak || floor < 0) {
            throw new IllegalArgumentException("bad schedule: peak=" + peak + " floor=" + floor + " warmup=" + warmup
                    + " total=" + total);
        }
    }

    /** Learning rate for the update with 0-based index {@code step}; steps past the end stay at the floor. */
    public double at(long step) {
        if (step < 0) {
            throw new IllegalArgumentException("negative step " + step);
        }
        if (step < warmup) {
            return peak * (step + 1) / warmup;
        }
        long decaySteps = total - warmup - 1;
        if (decaySteps <= 0) {
            // One step or none after warm-up: there is no room for a curve, so the single
            // post-warm-up step (if the run has it) trains at the peak and anything later at the floor.
            return step == warmup && step < total ? peak : floor;
        }
        double progress = Math.min(1.0, (double) (step - warmup) / decaySteps);
        return floor + (peak - floor) * 0.5 * (1 + Math.cos(Math.PI * progress));
    }
}
