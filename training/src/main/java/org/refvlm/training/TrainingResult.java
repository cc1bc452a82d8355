package org.refvlm.training;

import java.nio.file.Path;
import java.util.List;

/**
 * What one {@link Trainer#run} did.
 *
 * @param startStep      steps already done when it started (non-zero after a resume)
 * @param endStep        steps done when it stopped
 * @param losses         mean micro-batch loss of each step it ran, in order
 * @param lastCheckpoint folder of the newest checkpoint, or null if none was written
 */
public record TrainingResult(long startStep, long endStep, List<Double> losses, Path lastCheckpoint) {
    public TrainingResult {
        losses = List.copyOf(losses);
    }
}
