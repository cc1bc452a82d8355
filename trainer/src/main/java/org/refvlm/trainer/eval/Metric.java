package org.refvlm.trainer.eval;

/**
 * One number of a report.
 *
 * @param key   the JSON field name
 * @param label how the Markdown report and the console name it
 * @param value NaN when there was nothing to measure (written as null in JSON)
 */
public record Metric(String key, String label, double value) {
}
