package org.refvlm.trainer.eval;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * The result of an evaluation run: what was run on what, the counts, the metrics and one record
 * per scored sample.
 *
 * @param model            the model's name as its service announces it
 * @param maxTokens        the generation limit per answer
 * @param badRecordExamples the first bad records, as {@code file:line: message}
 * @param sampleProblems   the first samples skipped while evaluating, with their id and why
 */
public record EvalReport(EvalTask task, Path data, String model, int maxTokens, EvalCounts counts,
        List<Metric> metrics, List<String> badRecordExamples, List<String> sampleProblems,
        List<SampleResult> samples) {

    public EvalReport {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(counts, "counts");
        metrics = List.copyOf(metrics);
        badRecordExamples = List.copyOf(badRecordExamples);
        sampleProblems = List.copyOf(sampleProblems);
        samples = List.copyOf(samples);
    }

    /** @throws NoSuchElementException when the report has no metric of that key */
    public double metric(String key) {
        return metrics.stream().filter(m -> m.key().equals(key)).findFirst()
                .orElseThrow(() -> new NoSuchElementException("report has no metric '" + key + "'"))
                .value();
    }

    /** The {@code n} samples with the lowest IoU, worst first; ties keep the data order. */
    public List<SampleResult> worst(int n) {
        return samples.stream().sorted(Comparator.comparingDouble(SampleResult::iou)).limit(n).toList();
    }
}
