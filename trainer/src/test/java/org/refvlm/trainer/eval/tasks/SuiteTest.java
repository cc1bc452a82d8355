package org.refvlm.trainer.eval.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.refvlm.api.RefVlm;
import org.refvlm.api.Request;
import org.refvlm.api.Response;
import org.refvlm.api.model.GenerationOptions;
import org.refvlm.data.TaskType;
import org.refvlm.data.synth.SceneConfig;
import org.refvlm.data.synth.Split;
import org.refvlm.data.synth.SynthOptions;
import org.refvlm.data.synth.SyntheticDataset;
import org.refvlm.trainer.eval.Evaluator;

class SuiteTest {

    @TempDir
    Path dir;

    /** Answers every question with the same plain sentence. */
    private static final RefVlm PLAIN = new RefVlm() {
        @Override
        public Response answer(Request request, GenerationOptions options) {
            return new Response("The answer is yes.", List.of(), List.of());
        }

        @Override
        public Response readAnswer(Request request, String answer) {
            throw new UnsupportedOperationException();
        }
    };

    @Test
    void everyTaskRunsOrSaysWhyNotAndAFailingTaskStopsNoOther() throws IOException {
        Path data = dir.resolve("data");
        new SyntheticDataset(new SynthOptions(120, Split.TEST, 5, List.of(TaskType.values()), SceneConfig.DEFAULT, 4, true))
                .writeTo(data, n -> { });
        List<String> started = new ArrayList<>();
        Suite suite = new Suite(PLAIN, Evaluator.greedy(8), "plain", unit -> {
            if (unit.equals("keypoint")) {
                throw new IllegalStateException("decoder registry gone");
            }
            return !unit.equals("depth");
        }, OpenVocabularyScorer.Ids.GENERATED);
        List<SuiteEntry> entries = suite.run(data, dir.resolve("out"), 5, new Suite.Listener() {
            @Override
            public void taskStarted(String task, int questions) {
                started.add(task);
                assertThat(questions).isBetween(1, 5);
            }

            @Override
            public void answered(String task, int done, int total, String running) {
            }

            @Override
            public void taskFinished(SuiteEntry entry) {
            }
        });
        Map<String, SuiteEntry> by = entries.stream().collect(Collectors.toMap(SuiteEntry::task, Function.identity()));
        assertThat(entries).extracting(SuiteEntry::task).containsExactlyElementsOf(Suite.ORDER);
        assertThat(by.get("keypoint").status()).isEqualTo(SuiteEntry.FAILED);
        assertThat(by.get("keypoint").message()).contains("decoder registry gone");
        assertThat(by.get("depth").status()).isEqualTo(SuiteEntry.NOT_MEASURABLE);
        assertThat(by.get("depth").metrics()).isEmpty();
        for (String t : List.of("caption", "vqa", "reg", "pope", "gcg", "rec", "ig", "ovd", "ovs", "res")) {
            assertThat(by.get(t).status()).as(t).isEqualTo(SuiteEntry.MEASURED);
            assertThat(Files.exists(dir.resolve("out").resolve(t).resolve("report.json"))).as(t).isTrue();
        }
        assertThat(started).doesNotContain("keypoint", "depth");
        assertThat(by.get("rec").get("accuracy")).isZero();
        assertThat(by.get("pope").get("random.yesRatio")).isIn(1.0, Double.NaN);

        String md = SuiteTables.markdown(entries, "plain", data.toString(), 5);
        for (String table : List.of("Table III", "Table IV", "Table V", "Table VI", "Table VII", "Table VIII", "Table IX",
                "Table X")) {
            assertThat(md).contains("## " + table + ":");
        }
        assertThat(md).contains("| depth | not measurable: no decoder for unit depth is installed |");
    }

    @Test
    void keypointAndDepthFractionsKeepThreeDecimals() {
        SuiteEntry depth = new SuiteEntry("depth", SuiteEntry.MEASURED, null,
                Map.of("delta1", 0.9083, "absRel", 0.0714, "silog", 15.653), 500, 12);
        String md = SuiteTables.markdown(List.of(depth), "plain", "data", 5);
        assertThat(md).contains("| depth | measured | ").contains("delta1 0.908").contains("absRel 0.071")
                .contains("silog 15.7");
        assertThat(SuiteTables.detail(Double.NaN)).isEqualTo("n/a");
    }

    @Test
    void aLimitedTaskStillSeesEverySampleType() throws IOException {
        Path data = dir.resolve("data");
        new SyntheticDataset(new SynthOptions(40, Split.TEST, 5, List.of(TaskType.IG_BOX, TaskType.IG_MASK),
                SceneConfig.DEFAULT, 4, true)).writeTo(data, n -> { });
        List<TurnItem> all = TurnDataset.load(data, SuiteTask.IG.types(), 0).items();
        assertThat(Suite.spread(all, 6)).hasSize(6).extracting(t -> t.sample().task())
                .contains(TaskType.IG_BOX, TaskType.IG_MASK);
    }
}
