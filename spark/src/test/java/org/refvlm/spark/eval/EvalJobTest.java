package org.refvlm.spark.eval;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.refvlm.data.TaskType;
import org.refvlm.data.synth.SceneConfig;
import org.refvlm.data.synth.Split;
import org.refvlm.data.synth.SynthOptions;
import org.refvlm.data.synth.SyntheticDataset;
import org.refvlm.spark.SparkMain;

/**
 * The Spark job gives the metrics and the answers of {@code bin/refvlm eval} for the same data and model.
 * Both run on the platform of this JVM, booted from the runtime the distribution module assembles, with
 * the default model the project ships: the single run as {@code bin/refvlm eval} runs it, the job as its
 * local-mode executors do.
 */
class EvalJobTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void theJobReportsWhatTheSingleMachineCommandReports() throws Exception {
        Path data = RecData.write(dir.resolve("rec"), 10, 424242);
        ExecutorPlatform.Result alone = RecData.evaluateAlone(data, dir.resolve("single"));

        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        List<String> job = new ArrayList<>(List.of("eval", "--master", "local[2]", "--partitions", "3",
                "--task", "rec", "--data", data.toString(), "--out", dir.resolve("spark").toString()));
        int status = new SparkMain().run(job, new PrintStream(printed, true, StandardCharsets.UTF_8), System.err);
        String report = printed.toString(StandardCharsets.UTF_8);
        assertThat(status).as(report).isZero();
        assertThat(report).contains("eval: 3 shard(s)").contains("10 question(s) answered by 3 shard(s)")
                .contains("scoring 10 answer(s) recorded in 3 file(s)");

        JsonNode one = JSON.readTree(dir.resolve("single/report.json").toFile());
        JsonNode many = JSON.readTree(dir.resolve("spark/report.json").toFile());
        assertThat(metrics(many)).isEqualTo(metrics(one)).containsKeys("accuracy", "meanIoU", "phraseMatchRate");
        assertThat(answers(many)).isEqualTo(answers(one)).hasSize(10);
        // the metric lines bin/refvlm eval prints (but the generation time: each run measured its own)
        assertThat(untimedMetricLines(report)).hasSizeGreaterThan(3).isEqualTo(untimedMetricLines(alone.out()));
    }

    @Test
    void aSuiteOnSparkScoresEveryTaskAsTheSingleSuiteDoes() throws Exception {
        Path data = dir.resolve("suite");
        new SyntheticDataset(new SynthOptions(48, Split.TEST, 616161, List.of(TaskType.values()), SceneConfig.DEFAULT, 4, true))
                .writeTo(data, n -> { });
        String model = System.getenv("REFVLM_MODEL");
        ExecutorPlatform.Result alone = ExecutorPlatform.run(System.getenv("REFVLM_RUNTIME"), "refvlm:eval", List.of(
                "--suite", data.toString(), "--limit", "2", "--model", model, "--out", dir.resolve("single").toString()));
        assertThat(alone.status()).as(alone.tail(30)).isZero();

        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        int status = new SparkMain().run(List.of("eval", "--master", "local[2]", "--partitions", "3", "--suite",
                data.toString(), "--limit", "2", "--out", dir.resolve("spark").toString()),
                new PrintStream(printed, true, StandardCharsets.UTF_8), System.err);
        assertThat(status).as(printed.toString(StandardCharsets.UTF_8)).isZero();
        int tasks = 0;
        try (var folders = Files.list(dir.resolve("single"))) {
            for (Path task : folders.filter(f -> Files.isRegularFile(f.resolve("report.json"))).toList()) {
                JsonNode one = JSON.readTree(task.resolve("report.json").toFile());
                JsonNode many = JSON.readTree(dir.resolve("spark").resolve(task.getFileName()).resolve("report.json").toFile());
                assertThat(metrics(many)).as(task.getFileName().toString()).isEqualTo(metrics(one));
                tasks += metrics(one).isEmpty() ? 0 : 1;
            }
        }
        // every task of the paper's tables but keypoints (the default model has no keypoint decoder)
        assertThat(tasks).as("tasks measured").isGreaterThanOrEqualTo(10);
    }

    @Test
    void argumentsTheEvalCommandRefusesAreRefusedBeforeSparkStarts() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = new SparkMain().run(List.of("eval", "--task", "nonsense", "--data", dir.toString()),
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(status).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown task 'nonsense'");
    }

    @Test
    void optionsOfTheSingleRunAreDroppedWithTheirValues() {
        assertThat(EvalJob.withoutOptions(List.of("--task", "rec", "--model", "m", "--decoder=box=detr", "--decoder",
                "mask=sam", "--limit", "3"), Set.of("--model", "--decoder"))).containsExactly("--task", "rec", "--limit", "3");
    }

    /** The lines that print a metric (a label, spaces, a number with four decimals), but the time per answer. */
    private static List<String> untimedMetricLines(String printed) {
        return printed.lines().filter(l -> l.matches("\\S.*\\s{2,}(\\d+\\.\\d{4}|n/a)") && !l.contains("time")).toList();
    }

    /** The metrics of a report, without the time per answer. */
    private static Map<String, Double> metrics(JsonNode report) {
        Map<String, Double> m = new TreeMap<>();
        report.path("metrics").fields().forEachRemaining(e -> {
            if (!e.getKey().toLowerCase().contains("seconds")) {
                m.put(e.getKey(), e.getValue().asDouble());
            }
        });
        return m;
    }

    /** Each sample's id, answer and IoU. */
    private static List<String> answers(JsonNode report) throws IOException {
        List<String> a = new ArrayList<>();
        report.path("samples").forEach(s -> a.add(s.path("id").asText() + " | " + s.path("answer").asText() + " | "
                + s.path("iou").asDouble()));
        return a;
    }
}
