package org.refvlm.trainer.eval.tasks;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One task of a suite run: its numbers by metric key, or why it has none.
 *
 * @param status  {@code measured}, {@code not measurable} (no decoder for its unit), {@code no data}
 *                or {@code failed}
 * @param message why it is not measured, or null
 * @param asked   questions asked
 * @param seconds wall-clock time of the task
 */
public record SuiteEntry(String task, String status, String message, Map<String, Double> metrics, int asked,
        double seconds) {

    public static final String MEASURED = "measured";
    public static final String NOT_MEASURABLE = "not measurable";
    public static final String NO_DATA = "no data";
    public static final String FAILED = "failed";

    public SuiteEntry {
        metrics = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    }

    /** The metric, NaN when absent or not measured. */
    public double get(String key) {
        return metrics.getOrDefault(key, Double.NaN);
    }
}
