package org.refvlm.trainer.eval.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.refvlm.api.Response;
import org.refvlm.data.TaskType;
import org.refvlm.data.synth.SceneConfig;
import org.refvlm.data.synth.Split;
import org.refvlm.data.synth.SynthOptions;
import org.refvlm.data.synth.SyntheticDataset;
import org.refvlm.trainer.eval.Evaluator;
import org.refvlm.trainer.eval.FakeRefVlm;

/**
 * Every task on synthetic data with a perfect model (its numbers must be the best possible) and with
 * a model that answers nothing (its numbers must be the worst), through the evaluator the command uses.
 */
class TaskScorersTest {

    @TempDir
    static Path data;
    @TempDir
    Path out;

    @BeforeAll
    static void synthesise() throws IOException {
        new SyntheticDataset(new SynthOptions(160, Split.TEST, 3, List.of(TaskType.values()), SceneConfig.DEFAULT, 4, true))
                .writeTo(data, n -> { });
    }

    @Test
    void aPerfectModelScoresTheBestEverywhere() throws IOException {
        assertThat(run(SuiteTask.CAPTION, Oracle::answer).metric("METEOR")).isCloseTo(100, within(1e-9));
        assertThat(run(SuiteTask.CAPTION, Oracle::answer).metric("CIDEr-D")).isGreaterThan(500);
        assertThat(run(SuiteTask.VQA, Oracle::answer).metric("accuracy")).isEqualTo(100.0);
        TaskReport pope = run(SuiteTask.POPE, Oracle::answer);
        assertThat(pope.metric("questions")).isPositive();
        assertThat(pope.metricOrNaN("random.accuracy")).isIn(1.0, Double.NaN);
        assertThat(pope.metricOrNaN("adversarial.accuracy")).isIn(1.0, Double.NaN);
        assertThat(run(SuiteTask.REG, Oracle::answer).metric("METEOR")).isCloseTo(100, within(1e-9));
        TaskReport ig = run(SuiteTask.IG, Oracle::answer);
        assertThat(ig.metric("mask.mIoU")).isEqualTo(1.0);
        assertThat(ig.metric("mask.cIoU")).isEqualTo(1.0);
        assertThat(ig.metric("box.accuracy")).isEqualTo(1.0);
        TaskReport gcg = run(SuiteTask.GCG, Oracle::answer);
        for (String w : List.of("mask", "box")) {
            assertThat(gcg.metric(w + ".recall")).isEqualTo(1.0);
            assertThat(gcg.metric(w + ".mIoU")).isEqualTo(1.0);
            assertThat(gcg.metric(w + ".AP50")).isCloseTo(1.0, within(1e-9));
        }
        for (SuiteTask t : List.of(SuiteTask.OVD, SuiteTask.OVS)) {
            TaskReport ov = run(t, Oracle::answer);
            assertThat(ov.metric("mAP")).isCloseTo(1.0, within(1e-9));
            assertThat(ov.metric("mAP_S")).isCloseTo(1.0, within(1e-9));
            assertThat(Files.exists(out.resolve("coco_results_" + t.word() + ".json"))).isTrue();
        }
        assertThat(run(SuiteTask.KEYPOINT, Oracle::answer).metric("AP")).isCloseTo(1.0, within(1e-9));
        TaskReport depth = run(SuiteTask.DEPTH, Oracle::answer);
        assertThat(depth.metric("delta1")).isEqualTo(1.0);
        assertThat(depth.metric("absRel")).isCloseTo(0, within(1e-6));
    }

    @Test
    void aModelThatAnswersNothingScoresTheWorst() throws IOException {
        Function<TurnItem, Response> nothing = item -> new Response("", List.of(), List.of());
        assertThat(run(SuiteTask.VQA, nothing).metric("accuracy")).isZero();
        TaskReport ig = run(SuiteTask.IG, nothing);
        assertThat(ig.metric("mask.mIoU")).isZero();
        assertThat(ig.metric("box.accuracy")).isZero();
        TaskReport gcg = run(SuiteTask.GCG, nothing);
        assertThat(gcg.metric("mask.recall")).isZero();
        assertThat(gcg.metric("mask.mIoU")).isZero();
        assertThat(run(SuiteTask.OVD, nothing).metric("mAP")).isZero();
        assertThat(run(SuiteTask.DEPTH, nothing).metric("delta1")).isZero();
        // POPE reads an empty answer as "yes": every positive right, every negative wrong
        TaskReport pope = run(SuiteTask.POPE, nothing);
        assertThat(pope.metricOrNaN("random.yesRatio")).isIn(1.0, Double.NaN);
        assertThat(pope.metricOrNaN("random.recall")).isIn(1.0, Double.NaN);
    }

    @Test
    void wrongWordsLowerTheCaptionScoresAndPhraseMismatchesTheGcgRecall() throws IOException {
        Function<TurnItem, Response> renamed = item -> {
            Response r = Oracle.answer(item);
            return new Response(r.text().replace("star", "kite").replace("circle", "ring"),
                    r.objects().stream().map(o -> org.refvlm.api.ReferredObject.decoded("kite", o.index(), o.value()))
                            .toList(), List.of());
        };
        assertThat(run(SuiteTask.CAPTION, renamed).metric("METEOR")).isLessThan(100);
        TaskReport gcg = run(SuiteTask.GCG, renamed);
        assertThat(gcg.metric("mask.recall")).isLessThan(1.0);
        assertThat(gcg.metric("mask.mIoU")).isEqualTo(1.0);
    }

    /** A model answering the turns in order, each request checked to be its turn's (prompt and visual prompts). */
    static FakeRefVlm<TurnItem> scripted(List<TurnItem> asked, Function<TurnItem, Response> answer) {
        return new FakeRefVlm<>(asked, (item, r) -> item.prompt().equals(r.prompt())
                && item.prompts().equals(r.visualPrompts()), answer);
    }

    private TaskReport run(SuiteTask task, Function<TurnItem, Response> answer) throws IOException {
        TurnDataset ds = TurnDataset.load(data, task.types(), 0);
        List<TurnItem> asked = ds.items().stream().filter(task.asks()).toList();
        assertThat(asked).as("turns of %s", task.word()).isNotEmpty();
        return new TaskEvaluator(Evaluator.greedy(16), "scripted").evaluate(scripted(asked, answer), task, ds,
                task.newScorer(OpenVocabularyScorer.Ids.GENERATED), out, p -> { });
    }
}
