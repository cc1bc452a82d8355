package org.refvlm.trainer.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.refvlm.api.BoxUnit;
import org.refvlm.api.CocoRle;
import org.refvlm.api.MaskUnit;
import org.refvlm.api.ReferredObject;
import org.refvlm.api.Response;
import org.refvlm.data.Box;
import org.refvlm.data.Placeholders;
import org.refvlm.data.Sample;
import org.refvlm.data.TaskType;
import org.refvlm.data.Unit;
import org.refvlm.data.synth.SceneConfig;
import org.refvlm.data.synth.Split;
import org.refvlm.data.synth.SynthOptions;
import org.refvlm.data.synth.SyntheticDataset;

class EvaluatorTest {

    private static final int N = 6;

    @TempDir
    Path dir;

    @Test
    void gtBoxesScoreOne() throws IOException {
        EvalDataset data = synth(EvalTask.REC, N);
        assertThat(data.items()).hasSize(N);
        assertThat(data.items()).allSatisfy(i -> assertThat(i.prompt()).doesNotContain(Placeholders.IMAGE));
        List<EvalProgress> progress = new ArrayList<>();
        // The answer is the generator's own box for the sample, never what EvalDataset read back:
        // a dataset that picked another target, or an evaluator that scored another prediction,
        // would not score 1.
        Map<String, Sample> truth = generated(EvalTask.REC, N);
        EvalReport r = run(data, item -> boxAnswer(item, generatorBox(truth.get(item.id()))), progress);
        assertThat(r.metric("accuracy")).isEqualTo(1.0);
        assertThat(r.metric("meanIoU")).isEqualTo(1.0);
        assertThat(r.metric("trpWellFormedRate")).isEqualTo(1.0);
        assertThat(r.metric("phraseMatchRate")).isEqualTo(1.0);
        assertThat(r.metric("meanSecondsPerSample")).isNotNegative();
        assertThat(r.counts().evaluated()).isEqualTo(N);
        assertThat(r.counts().skippedTotal()).isZero();
        assertThat(r.samples()).allSatisfy(s -> assertThat(s.correct()).isTrue());
        assertThat(progress).hasSize(N);
        assertThat(progress.get(N - 1)).isEqualTo(new EvalProgress(N, N, "accuracy 1.000"));
    }

    @Test
    void shiftedBoxesScoreZero() throws IOException {
        EvalDataset data = synth(EvalTask.REC, N);
        Map<String, Sample> truth = generated(EvalTask.REC, N);
        EvalReport r = run(data, item -> {
            PixelBox t = generatorBox(truth.get(item.id()));
            double w = t.x1() - t.x0() + 1;
            return boxAnswer(item, new PixelBox(t.x0() + w, t.y0(), t.x1() + w, t.y1()));
        }, new ArrayList<>());
        assertThat(r.metric("accuracy")).isZero();
        assertThat(r.samples()).allSatisfy(s -> assertThat(s.iou()).isZero());
        assertThat(r.counts().withoutPrediction()).isZero();
    }

    @Test
    void answersWithoutObjectsAreWrong() throws IOException {
        EvalDataset data = synth(EvalTask.REC, N);
        EvalReport r = run(data, item -> new Response("I cannot find it.", List.of(), List.of()), new ArrayList<>());
        assertThat(r.metric("accuracy")).isZero();
        assertThat(r.metric("trpWellFormedRate")).isEqualTo(1.0);
        assertThat(r.metric("phraseMatchRate")).isZero();
        assertThat(r.counts().answersWithoutObjects()).isEqualTo(N);
        assertThat(r.counts().withoutPrediction()).isEqualTo(N);
        assertThat(r.samples()).allSatisfy(s -> assertThat(s.predicted()).isNull());
    }

    @Test
    void malformedAnswersAreCounted() throws IOException {
        EvalDataset data = synth(EvalTask.REC, N);
        EvalReport r = run(data, item -> new Response("<Phrase>it</Phrase>(<Unit>box</Unit>[0]", List.of(), List.of()),
                new ArrayList<>());
        assertThat(r.metric("trpWellFormedRate")).isZero();
        assertThat(r.samples()).allSatisfy(s -> assertThat(s.trpProblem()).isNotBlank());
    }

    @Test
    void gtMasksScoreOne() throws IOException {
        EvalDataset data = synth(EvalTask.RES, N);
        assertThat(data.items()).hasSize(N);
        Map<String, Sample> truth = generated(EvalTask.RES, N);
        EvalReport r = run(data, item -> {
            Sample s = truth.get(item.id());
            CocoRle mask = s.targets().masks().get(referred(s, Unit.MASK));
            return new Response(item.expectedAnswer(),
                    List.of(ReferredObject.decoded("it", 0, new MaskUnit(mask, 1.0))), List.of());
        }, new ArrayList<>());
        // ... and the generator's other objects' masks do not score 1: the target is the referred one.
        EvalReport wrong = run(data, item -> {
            Sample s = truth.get(item.id());
            int other = (referred(s, Unit.MASK) + 1) % s.targets().masks().size();
            return new Response(item.expectedAnswer(), List.of(ReferredObject.decoded("it", 0,
                    new MaskUnit(s.targets().masks().get(other), 1.0))), List.of());
        }, new ArrayList<>());
        assertThat(wrong.metric("cIoU")).isLessThan(1.0);
        assertThat(r.metric("cIoU")).isEqualTo(1.0);
        assertThat(r.metric("mIoU")).isEqualTo(1.0);
        assertThat(r.metric("trpWellFormedRate")).isEqualTo(1.0);
    }

    @Test
    void missingMasksScoreZeroAndWrongSizedOnesAreNoted() throws IOException {
        EvalDataset data = synth(EvalTask.RES, 2);
        List<EvalItem> items = data.items();
        EvalReport r = run(data, item -> item == items.get(0)
                ? new Response("nothing", List.of(), List.of())
                : new Response("x", List.of(ReferredObject.decoded("it", 0,
                        new MaskUnit(org.refvlm.api.CocoRle.encode(new boolean[4], 2, 2), 1))), List.of()),
                new ArrayList<>());
        assertThat(r.metric("cIoU")).isZero();
        assertThat(r.metric("mIoU")).isZero();
        assertThat(r.samples().get(1).note()).contains("2x2");
        assertThat(r.counts().withoutPrediction()).isEqualTo(2);
    }

    @Test
    void limitTakesTheFirstSamplesOfTheTaskAndOtherTasksAreIgnored() throws IOException {
        write(new SynthOptions(8, Split.TEST, 1, List.of(TaskType.REC, TaskType.RES), SceneConfig.DEFAULT, 1, true));
        EvalDataset all = EvalDataset.load(dir, EvalTask.REC, 0);
        assertThat(all.items()).hasSize(4);
        assertThat(all.otherTaskSamples()).isEqualTo(4);
        EvalDataset some = EvalDataset.load(dir, EvalTask.REC, 3);
        assertThat(some.items()).extracting(EvalItem::id).containsExactlyElementsOf(
                all.items().subList(0, 3).stream().map(EvalItem::id).toList());
    }

    @Test
    void unreadableImageIsSkippedWithItsId() throws IOException {
        EvalDataset data = synth(EvalTask.REC, 3);
        EvalItem broken = data.items().get(1);
        Files.writeString(broken.image(), "not a picture");
        // scenes may share a picture: every item on the broken file is skipped
        long onBroken = data.items().stream().filter(i -> i.image().equals(broken.image())).count();
        EvalReport r = run(data, item -> boxAnswer(item, (PixelBox) item.target()), new ArrayList<>());
        assertThat(r.counts().skipped()).isEqualTo(Map.of(SkipReason.IMAGE_UNREADABLE, (int) onBroken));
        assertThat(r.counts().evaluated()).isEqualTo(3 - (int) onBroken);
        assertThat(r.sampleProblems()).anySatisfy(p -> assertThat(p).contains(broken.id()));
        assertThat(r.metric("accuracy")).isEqualTo(1.0);
    }

    @Test
    void badRecordsAreCountedWithTheirLine() throws IOException {
        synth(EvalTask.REC, 2);
        Path file = dir.resolve(SyntheticDataset.SAMPLES_FILE);
        Files.writeString(file, Files.readString(file) + "{\"id\": 1}\n");
        EvalDataset data = EvalDataset.load(dir, EvalTask.REC, 0);
        assertThat(data.items()).hasSize(2);
        assertThat(data.badRecords()).isEqualTo(1);
        assertThat(data.firstBadRecords().get(0).line()).isEqualTo(3);
    }

    @Test
    void missingDataIsNamed() throws IOException {
        assertThatThrownBy(() -> EvalDataset.load(dir.resolve("nope"), EvalTask.REC, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not exist");
        assertThatThrownBy(() -> EvalDataset.load(dir, EvalTask.REC, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no samples.jsonl");
    }

    /** The generator's own samples for the same options as {@link #synth}, by id, before any file is written. */
    private static Map<String, Sample> generated(EvalTask task, int n) {
        SyntheticDataset generator = new SyntheticDataset(options(task, n));
        Map<String, Sample> byId = new java.util.HashMap<>();
        for (int i = 0; i < n; i++) {
            Sample s = generator.sample(i);
            byId.put(s.id(), s);
        }
        return byId;
    }

    /** The target index the sample's answer refers to with {@code unit}. */
    private static int referred(Sample s, Unit unit) {
        return s.turns().get(0).groups().get(0).refs().get(unit).get(0);
    }

    private static PixelBox generatorBox(Sample s) {
        Box b = s.targets().boxes().get(referred(s, Unit.BOX));
        return new PixelBox(b.x0(), b.y0(), b.x1(), b.y1());
    }

    private static SynthOptions options(EvalTask task, int n) {
        return new SynthOptions(n, Split.TEST, 1, List.of(task.taskType()), SceneConfig.DEFAULT, 1, true);
    }

    private EvalDataset synth(EvalTask task, int n) throws IOException {
        write(options(task, n));
        return EvalDataset.load(dir, task, 0);
    }

    private void write(SynthOptions options) throws IOException {
        new SyntheticDataset(options).writeTo(dir, n -> { });
    }

    private static EvalReport run(EvalDataset data, Function<EvalItem, Response> answer, List<EvalProgress> progress) {
        return new Evaluator(Evaluator.greedy(16), "fake")
                .evaluate(FakeRefVlm.of(data.items(), answer), data, progress::add);
    }

    private static Response boxAnswer(EvalItem item, PixelBox b) {
        return new Response(item.expectedAnswer(),
                List.of(ReferredObject.decoded("it", 0, new BoxUnit(b.x0(), b.y0(), b.x1(), b.y1(), 1.0))), List.of());
    }
}
