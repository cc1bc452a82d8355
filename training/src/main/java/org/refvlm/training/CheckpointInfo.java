package org.refvlm.training;

/**
 * What {@code trainer.json} of a checkpoint records: where the run is and what produced it.
 *
 * @param step           optimizer steps completed
 * @param microBatches   data position: index of the next micro-batch to draw (batches are a pure
 *                       function of seed and index, so this is all resume needs of the data)
 * @param seed           the recipe seed; engine randomness is re-derived from (seed, step), so
 *                       this plus {@code step} is the whole random state
 * @param schedule       the learning-rate schedule in force
 * @param recipeHash     fingerprint of the recipe; resume refuses a different one
 * @param elapsedSeconds training time so far, so a resumed run's clock continues
 */
public record CheckpointInfo(long step, long microBatches, long seed, LearningRateSchedule schedule,
                             String recipeHash, double elapsedSeconds) {
}
