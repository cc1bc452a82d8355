package org.refvlm.trainer.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.refvlm.data.AtomicFile;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a report as {@code report.json} (everything, one record per sample) and
 * {@code report.md} (metrics, counts and the worst samples, for people).
 */
public final class EvalReportWriter {

    public static final String JSON_FILE = "report.json";
    public static final String MARKDOWN_FILE = "report.md";
    /** How many of the lowest-IoU samples the Markdown report lists. */
    public static final int WORST_SHOWN = 10;
    private static final int ANSWER_CHARS = 160;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private EvalReportWriter() {
    }

    /**
     * Writes both files into {@code folder}, creating it. Each file is written beside its target
     * and moved into place, so a reader never sees half a report.
     */
    public static void write(EvalReport report, Path folder) throws IOException {
        Files.createDirectories(folder);
        writeAtomically(folder.resolve(JSON_FILE), json(report));
        writeAtomically(folder.resolve(MARKDOWN_FILE), markdown(report));
    }

    public static String json(EvalReport r) {
        ObjectNode root = JSON.createObjectNode();
        root.put("task", r.task().word());
        root.put("data", r.data().toAbsolutePath().toString());
        root.put("model", r.model());
        root.put("maxTokens", r.maxTokens());
        ObjectNode counts = root.putObject("counts");
        EvalCounts c = r.counts();
        counts.put("evaluated", c.evaluated());
        counts.put("skipped", c.skippedTotal());
        ObjectNode reasons = counts.putObject("skippedByReason");
        c.skipped().forEach(reasons::put);
        counts.put("otherTaskSamples", c.otherTaskSamples());
        counts.put("badRecords", c.badRecords());
        counts.put("wellFormedAnswers", c.wellFormedAnswers());
        counts.put("answersWithoutObjects", c.answersWithoutObjects());
        counts.put("withoutPrediction", c.withoutPrediction());
        ObjectNode metrics = root.putObject("metrics");
        r.metrics().forEach(m -> number(metrics, m.key(), m.value()));
        r.badRecordExamples().forEach(root.putArray("badRecords")::add);
        r.sampleProblems().forEach(root.putArray("skippedSamples")::add);
        var samples = root.putArray("samples");
        for (SampleResult s : r.samples()) {
            ObjectNode n = samples.addObject();
            n.put("id", s.id());
            n.put("prompt", s.prompt());
            n.put("answer", s.answer());
            n.put("expected", s.expected());
            region(n, "predicted", s.predicted());
            region(n, "gt", s.target());
            number(n, "iou", s.iou());
            n.put("correct", s.correct());
            n.put("wellFormed", s.wellFormed());
            if (s.trpProblem() != null) {
                n.put("trpProblem", s.trpProblem());
            }
            n.put("objects", s.objects());
            number(n, "seconds", s.seconds());
            if (s.note() != null) {
                n.put("note", s.note());
            }
        }
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not write the report as JSON", e);
        }
    }

    public static String markdown(EvalReport r) {
        StringBuilder md = new StringBuilder();
        EvalCounts c = r.counts();
        md.append("# Evaluation: ").append(r.task().word().toUpperCase(Locale.ROOT)).append("\n\n");
        md.append("- data: `").append(r.data().toAbsolutePath()).append("`\n");
        md.append("- model: `").append(r.model()).append("`\n");
        md.append("- generation: greedy, at most ").append(r.maxTokens()).append(" tokens\n\n");
        md.append("| metric | value |\n|---|---|\n");
        for (Metric m : r.metrics()) {
            md.append("| ").append(m.label()).append(" | ").append(format(m.value())).append(" |\n");
        }
        md.append("\n| count | value |\n|---|---|\n");
        row(md, "samples evaluated", c.evaluated());
        row(md, "samples skipped", c.skippedTotal());
        for (Map.Entry<String, Integer> e : c.skipped().entrySet()) {
            row(md, "&nbsp;&nbsp;" + e.getKey(), e.getValue());
        }
        row(md, "well-formed TRP answers", c.wellFormedAnswers());
        row(md, "answers without referred objects", c.answersWithoutObjects());
        row(md, "answers without a " + r.task().unit().word(), c.withoutPrediction());
        row(md, "samples of other tasks (ignored)", c.otherTaskSamples());
        row(md, "bad records", c.badRecords());
        list(md, "Bad records", r.badRecordExamples());
        list(md, "Skipped samples", r.sampleProblems());
        List<SampleResult> worst = r.worst(WORST_SHOWN);
        if (!worst.isEmpty()) {
            md.append("\n## ").append(worst.size()).append(" worst samples\n\n");
            md.append("| id | IoU | prompt | answer | note |\n|---|---|---|---|---|\n");
            for (SampleResult s : worst) {
                String note = s.note() != null ? s.note() : s.trpProblem() != null ? "malformed TRP: " + s.trpProblem() : "";
                md.append("| ").append(cell(s.id())).append(" | ").append(format(s.iou())).append(" | ")
                        .append(cell(s.prompt())).append(" | ").append(code(s.answer())).append(" | ")
                        .append(cell(note)).append(" |\n");
            }
        }
        return md.toString();
    }

    private static void region(ObjectNode n, String field, Region region) {
        if (region == null) {
            n.putNull(field);
        } else if (region instanceof PixelBox b) {
            n.putObject(field).putArray("box").add(b.x0()).add(b.y0()).add(b.x1()).add(b.y1());
        } else if (region instanceof MaskRegion m) {
            ObjectNode mask = n.putObject(field).putObject("mask");
            mask.putArray("size").add(m.height()).add(m.width());
            mask.put("counts", m.rle().toCompactString());
            mask.put("area", m.area());
        }
    }

    /** JSON has no NaN: a metric with nothing to measure is null. */
    private static void number(ObjectNode n, String field, double v) {
        if (Double.isFinite(v)) {
            n.put(field, v);
        } else {
            n.putNull(field);
        }
    }

    private static String format(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4f", v) : "n/a";
    }

    private static void row(StringBuilder md, String name, long value) {
        md.append("| ").append(name).append(" | ").append(value).append(" |\n");
    }

    private static void list(StringBuilder md, String title, List<String> lines) {
        if (!lines.isEmpty()) {
            md.append("\n## ").append(title).append(" (first ").append(lines.size()).append(")\n\n");
            lines.forEach(l -> md.append("- ").append(cell(l)).append('\n'));
        }
    }

    /** A table cell: one line, no column separators. */
    private static String cell(String s) {
        return s.replace("\r", " ").replace("\n", " ").replace("|", "\\|");
    }

    /** TRP as inline code, so its tags show instead of being taken for HTML. */
    private static String code(String s) {
        String t = cell(s).replace('`', '\'');
        if (t.length() > ANSWER_CHARS) {
            t = t.substring(0, ANSWER_CHARS) + "...";
        }
        return t.isEmpty() ? "" : "`" + t + "`";
    }

    private static void writeAtomically(Path target, String text) throws IOException {
        AtomicFile.write(target, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }
}
