package org.refvlm.trainer.eval.tasks;

import java.nio.file.Path;
import java.util.List;
import java.util.NoSuchElementException;
import org.refvlm.trainer.eval.Metric;

/**
 * The result of one evaluation task over a data folder.
 *
 * @param notMeasurable why the task could not be measured (no decoder for its unit, no data), or null
 * @param asked         turns asked and scored
 * @param failed        turns whose asking failed (unreadable picture, generation error), with the first reasons
 * @param samples       one line per asked turn: id, prompt, answer, expected
 */
public record TaskReport(String task, Path data, String model, String notMeasurable, int asked, int failed,
        List<String> problems, long badRecords, List<Metric> metrics, List<SampleLine> samples, double seconds) {

    /** What was asked and answered, for the JSON report. */
    public record SampleLine(String key, String prompt, String answer, String expected, double seconds) {
    }

    public TaskReport {
        problems = List.copyOf(problems);
        metrics = List.copyOf(metrics);
        samples = List.copyOf(samples);
    }

    public static TaskReport notMeasurable(String task, Path data, String model, String why) {
        return new TaskReport(task, data, model, why, 0, 0, List.of(), 0, List.of(), List.of(), 0);
    }

    /** @throws NoSuchElementException when the report has no metric of that key */
    public double metric(String key) {
        return metrics.stream().filter(m -> m.key().equals(key)).findFirst()
                .orElseThrow(() -> new NoSuchElementException("report of " + task + " has no metric '" + key + "'"))
                .value();
    }

    /** The metric, NaN when absent. */
    public double metricOrNaN(String key) {
        return metrics.stream().filter(m -> m.key().equals(key)).mapToDouble(Metric::value).findFirst().orElse(Double.NaN);
    }
}
