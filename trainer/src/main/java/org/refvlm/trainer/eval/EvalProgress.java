package org.refvlm.trainer.eval;

/**
 * Where a run is, reported after every sample.
 *
 * @param done    samples handled so far, scored or skipped
 * @param total   samples to handle
 * @param running the main metric so far, e.g. {@code accuracy 0.412}
 */
public record EvalProgress(int done, int total, String running) {
}
