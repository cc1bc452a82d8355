package org.refvlm.trainer.eval;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What happened to the samples of a run.
 *
 * @param evaluated             samples asked and scored
 * @param skipped               samples of the task not scored, by reason
 * @param otherTaskSamples      samples of other tasks in the data, ignored
 * @param badRecords            records the reader rejected
 * @param wellFormedAnswers     answers the strict TRP parser accepts
 * @param answersWithoutObjects answers that referred to no object at all
 * @param withoutPrediction     answers without an object of the task's unit
 */
public record EvalCounts(int evaluated, Map<String, Integer> skipped, long otherTaskSamples, long badRecords,
        int wellFormedAnswers, int answersWithoutObjects, int withoutPrediction) {

    public EvalCounts {
        skipped = Collections.unmodifiableMap(new LinkedHashMap<>(skipped));
    }

    public int skippedTotal() {
        return skipped.values().stream().mapToInt(Integer::intValue).sum();
    }
}
