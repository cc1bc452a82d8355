package org.refvlm.trainer.eval;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvalReportWriterTest {

    @TempDir
    Path dir;

    private static EvalReport report() {
        PixelBox gt = new PixelBox(0, 0, 10, 10);
        List<SampleResult> samples = List.of(
                new SampleResult("s1", "Where is the red circle?", "<Phrase>red circle</Phrase>(<Unit>box</Unit>[0]<REF>)",
                        "expected", gt, gt, 1.0, true, null, 1, 0.5, null),
                new SampleResult("s2", "Where is the | blue star?", "nothing here", "expected", null, gt, 0.0, false,
                        null, 0, 0.25, null),
                new SampleResult("s3", "Where?", "<Phrase>x", "expected",
                        new MaskRegion(org.refvlm.api.CocoRle.encode(new boolean[]{true, false, false, true}, 2, 2)),
                        gt, 0.2, false, "1:1: problem", 0, 0.25, "a note"));
        EvalCounts counts = new EvalCounts(3, Map.of(SkipReason.VISUAL_PROMPTS, 2), 4, 1, 2, 2, 1);
        List<Metric> metrics = List.of(new Metric("accuracy", "REC Acc@0.5 (IoU >= 0.5)", 1.0 / 3),
                new Metric("trpWellFormedRate", "TRP well-formed rate", 2.0 / 3),
                new Metric("meanSecondsPerSample", "mean generation time per sample (s)", Double.NaN));
        return new EvalReport(EvalTask.REC, Path.of("/data/rec"), "shapes-tiny", 128, counts, metrics,
                List.of("samples.jsonl:7: not JSON"), List.of("sample s9: image cannot be read: x.png"), samples);
    }

    @Test
    void jsonParsesBack() throws IOException {
        EvalReportWriter.write(report(), dir.resolve("out"));
        JsonNode j = new ObjectMapper().readTree(Files.readString(dir.resolve("out").resolve(EvalReportWriter.JSON_FILE)));
        assertThat(j.get("task").asText()).isEqualTo("rec");
        assertThat(j.get("model").asText()).isEqualTo("shapes-tiny");
        assertThat(j.get("data").asText()).isEqualTo("/data/rec");
        assertThat(j.at("/counts/evaluated").asInt()).isEqualTo(3);
        assertThat(j.at("/counts/skipped").asInt()).isEqualTo(2);
        assertThat(j.at("/counts/skippedByReason/has visual prompts").asInt()).isEqualTo(2);
        assertThat(j.at("/metrics/accuracy").asDouble()).isEqualTo(1.0 / 3);
        assertThat(j.at("/metrics/meanSecondsPerSample").isNull()).isTrue();
        assertThat(j.get("badRecords").get(0).asText()).contains("samples.jsonl:7");
        JsonNode samples = j.get("samples");
        assertThat(samples).hasSize(3);
        assertThat(samples.get(0).get("id").asText()).isEqualTo("s1");
        assertThat(samples.get(0).at("/predicted/box/2").asDouble()).isEqualTo(10.0);
        assertThat(samples.get(0).get("correct").asBoolean()).isTrue();
        assertThat(samples.get(1).get("predicted").isNull()).isTrue();
        assertThat(samples.get(2).at("/predicted/mask/area").asLong()).isEqualTo(2);
        assertThat(samples.get(2).at("/predicted/mask/size/0").asInt()).isEqualTo(2);
        assertThat(samples.get(2).get("trpProblem").asText()).isEqualTo("1:1: problem");
        try (var files = Files.list(dir.resolve("out"))) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder(EvalReportWriter.JSON_FILE, EvalReportWriter.MARKDOWN_FILE);
        }
    }

    @Test
    void markdownHasTheMetricsAndTheWorstSamples() {
        String md = EvalReportWriter.markdown(report());
        assertThat(md).contains("| REC Acc@0.5 (IoU >= 0.5) | 0.3333 |")
                .contains("| TRP well-formed rate | 0.6667 |")
                .contains("| mean generation time per sample (s) | n/a |")
                .contains("| samples evaluated | 3 |")
                .contains("has visual prompts | 2 |")
                .contains("## 3 worst samples")
                .contains("Where is the \\| blue star?");
        // worst first
        assertThat(md.indexOf("| s2 |")).isLessThan(md.indexOf("| s3 |"));
        assertThat(md.indexOf("| s3 |")).isLessThan(md.indexOf("| s1 |"));
    }
}
