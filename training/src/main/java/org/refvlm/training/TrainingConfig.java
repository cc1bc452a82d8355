package org.refvlm.training;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What a training run does, as a recipe states it. Everything that shapes the loss curve is here
 * (and goes into {@link #fingerprint()}), so a resumed run can refuse a recipe that changed.
 *
 * @param steps           optimizer steps of the whole run (not micro-batches)
 * @param lr              peak learning rate, reached at the end of warm-up
 * @param warmup          warm-up steps (linear from lr/warmup up to lr)
 * @param minLr           floor the cosine decays to at the last step
 * @param weightDecay     decoupled AdamW weight decay (not applied to biases and norms)
 * @param beta1           AdamW first-moment decay
 * @param beta2           AdamW second-moment decay
 * @param eps             AdamW denominator epsilon
 * @param clipNorm        global gradient-norm bound; 0 or less disables clipping
 * @param accumulation    micro-batches per optimizer step (their gradients are averaged)
 * @param seed            the one seed everything random derives from
 * @param checkpointEvery steps between checkpoints; 0 = only at the end
 * @param outDir          folder holding checkpoints and the metrics log
 */
public record TrainingConfig(long steps, double lr, long warmup, double minLr, double weightDecay,
                             double beta1, double beta2, double eps, double clipNorm, int accumulation,
                             long seed, long checkpointEvery, Path outDir) {

    public TrainingConfig {
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be at least 1, got " + steps);
        }
        if (!(lr >= 0) || !(minLr >= 0) || minLr > lr) {
            throw new IllegalArgumentException("need 0 <= minLr <= lr, got lr=" + lr + " minLr=" + minLr);
        }
        if (warmup < 0) {
            throw new IllegalArgumentException("warmup must not be negative");
        }
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException("betas must be in [0, 1), got " + beta1 + ", " + beta2);
        }
        if (!(eps > 0) || !(weightDecay >= 0)) {
            throw new IllegalArgumentException("need eps > 0 and weightDecay >= 0");
        }
        if (accumulation < 1) {
            throw new IllegalArgumentException("accumulation must be at least 1, got " + accumulation);
        }
        if (checkpointEvery < 0) {
            throw new IllegalArgumentException("checkpointEvery must not be negative");
        }
        Objects.requireNonNull(outDir, "outDir");
    }

    /**
     * The reference schedule defaults (section 5 of the reference notes: AdamW β=(0.9, 0.999),
     * weight decay 0, clip 1, accumulation 1, 3 % warm-up, cosine to 0) with the given length,
     * peak learning rate, seed and output folder.
     */
    public static TrainingConfig defaults(long steps, double lr, long seed, Path outDir) {
        return new TrainingConfig(steps, lr, Math.max(1, Math.round(steps * 0.03)), 0, 0, 0.9, 0.999, 1e-8, 1.0, 1,
                seed, 500, outDir);
    }

    public TrainingConfig withSteps(long s) {
        return new TrainingConfig(s, lr, warmup, minLr, weightDecay, beta1, beta2, eps, clipNorm, accumulation, seed,
                checkpointEvery, outDir);
    }

    public TrainingConfig withSchedule(double peak, long warm, double floor) {
        return new TrainingConfig(steps, peak, warm, floor, weightDecay, beta1, beta2, eps, clipNorm, accumulation,
                seed, checkpointEvery, outDir);
    }

    public TrainingConfig withWeightDecay(double wd) {
        return new TrainingConfig(steps, lr, warmup, minLr, wd, beta1, beta2, eps, clipNorm, accumulation, seed,
                checkpointEvery, outDir);
    }

    public TrainingConfig withClipNorm(double c) {
        return new TrainingConfig(steps, lr, warmup, minLr, weightDecay, beta1, beta2, eps, c, accumulation, seed,
                checkpointEvery, outDir);
    }

    public TrainingConfig withAccumulation(int k) {
        return new TrainingConfig(steps, lr, warmup, minLr, weightDecay, beta1, beta2, eps, clipNorm, k, seed,
                checkpointEvery, outDir);
    }

    public TrainingConfig withCheckpointEvery(long n) {
        return new TrainingConfig(steps, lr, warmup, minLr, weightDecay, beta1, beta2, eps, clipNorm, accumulation,
                seed, n, outDir);
    }

    public TrainingConfig withOutDir(Path dir) {
        return new TrainingConfig(steps, lr, warmup, minLr, weightDecay, beta1, beta2, eps, clipNorm, accumulation,
                seed, checkpointEvery, dir);
    }

    /** The schedule this recipe implies. */
    public LearningRateSchedule schedule() {
        return new LearningRateSchedule(lr, minLr, warmup, steps);
    }

    /**
     * Hex SHA-256 of every field that changes the loss curve. The output folder and the
     * checkpoint interval are left out: moving a run or checkpointing more often is not a
     * different recipe.
     */
    public String fingerprint() {
        String canonical = "steps=" + steps + ";lr=" + Double.toHexString(lr) + ";warmup=" + warmup
                + ";minLr=" + Double.toHexString(minLr) + ";wd=" + Double.toHexString(weightDecay)
                + ";beta1=" + Double.toHexString(beta1) + ";beta2=" + Double.toHexString(beta2)
                + ";eps=" + Double.toHexString(eps) + ";clip=" + Double.toHexString(clipNorm)
                + ";accumulation=" + accumulation + ";seed=" + seed;
        return org.refvlm.training.internal.Hashing.sha256Hex(canonical);
    }
}
