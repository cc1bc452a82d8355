package org.refvlm.trainer.eval.tasks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.refvlm.trainer.eval.Metric;

/** Writes a task's {@code report.json} (everything) and {@code report.md} (metrics and counts). */
public final class TaskReportWriter {

    public static final String JSON_FILE = "report.json";
    public static final String MARKDOWN_FILE = "report.md";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private TaskReportWriter() {
    }

    public static void write(TaskReport r, Path folder) throws IOException {
        Files.createDirectories(folder);
        Files.writeString(folder.resolve(JSON_FILE), json(r), StandardCharsets.UTF_8);
        Files.writeString(folder.resolve(MARKDOWN_FILE), markdown(r), StandardCharsets.UTF_8);
    }

    public static String json(TaskReport r) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("task", r.task());
        root.put("data", r.data().toAbsolutePath().toString());
        root.put("model", r.model());
        if (r.notMeasurable() != null) {
            root.put("notMeasurable", r.notMeasurable());
        }
        ObjectNode counts = root.putObject("counts");
        counts.put("asked", r.asked());
        counts.put("failed", r.failed());
        counts.put("badRecords", r.badRecords());
        ObjectNode metrics = root.putObject("metrics");
        for (Metric m : r.metrics()) {
            if (Double.isFinite(m.value())) {
                metrics.put(m.key(), m.value());
            } else {
                metrics.putNull(m.key());
            }
        }
        if (Double.isFinite(r.seconds())) {
            root.put("meanSecondsPerAnswer", r.seconds());
        }
        r.problems().forEach(root.putArray("problems")::add);
        var samples = root.putArray("samples");
        for (TaskReport.SampleLine s : r.samples()) {
            ObjectNode n = samples.addObject();
            n.put("id", s.key());
            n.put("prompt", s.prompt());
            n.put("answer", s.answer());
            n.put("expected", s.expected());
            n.put("seconds", s.seconds());
        }
        return JSON.writeValueAsString(root) + "\n";
    }

    public static String markdown(TaskReport r) {
        StringBuilder md = new StringBuilder("# Evaluation: ").append(r.task()).append("\n\n");
        md.append("- data: `").append(r.data().toAbsolutePath()).append("`\n- model: `").append(r.model()).append("`\n");
        if (r.notMeasurable() != null) {
            return md.append("\n**Not measurable:** ").append(r.notMeasurable()).append("\n").toString();
        }
        md.append(String.format(Locale.ROOT, "- turns asked: %d, failed: %d, bad records: %d, mean %.2f s per answer%n%n",
                r.asked(), r.failed(), r.badRecords(), r.seconds()));
        md.append("| metric | value |\n|---|---|\n");
        for (Metric m : r.metrics()) {
            md.append("| ").append(m.label()).append(" | ").append(format(m.value())).append(" |\n");
        }
        if (!r.problems().isEmpty()) {
            md.append("\n## Turns not scored (first ").append(r.problems().size()).append(")\n\n");
            r.problems().forEach(p -> md.append("- ").append(p.replace("\n", " ")).append('\n'));
        }
        return md.toString();
    }

    static String format(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4f", v) : "n/a";
    }
}
