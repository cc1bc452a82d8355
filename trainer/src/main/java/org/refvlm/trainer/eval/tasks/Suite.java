package org.refvlm.trainer.eval.tasks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import org.refvlm.api.RefVlm;
import org.refvlm.api.model.GenerationOptions;
import org.refvlm.data.TaskType;
import org.refvlm.trainer.eval.EvalDataset;
import org.refvlm.trainer.eval.EvalReport;
import org.refvlm.trainer.eval.EvalReportWriter;
import org.refvlm.trainer.eval.EvalTask;
import org.refvlm.trainer.eval.Evaluator;
import org.refvlm.trainer.eval.Metric;
import org.refvlm.trainer.eval.answers.AnswerSource;
import org.refvlm.trainer.eval.answers.LiveAnswers;
import org.refvlm.trainer.eval.answers.Question;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every evaluation task whose samples a folder holds, one after the other: REC and RES with their
 * evaluator, the others with their scorers. A task without data is reported as such, a task whose
 * unit no installed decoder handles as not measurable (no number is made up for it), and a task that
 * fails is reported with its error while the others still run. Each task writes its report into its
 * own folder under the output folder.
 */
public final class Suite {

    /** The order of the tasks, which is the order of the paper's tables. */
    public static final List<String> ORDER = List.of("caption", "vqa", "reg", "pope", "gcg", "rec", "ig", "ovd", "ovs",
            "res", "keypoint", "depth");
    private static final Logger LOG = LoggerFactory.getLogger(Suite.class);

    /** Told when a task starts and after every answer. */
    public interface Listener {
        void taskStarted(String task, int questions);

        void answered(String task, int done, int total, String running);

        void taskFinished(SuiteEntry entry);
    }

    private final AnswerSource answers;
    private final GenerationOptions options;
    private final String model;
    private final Predicate<String> unitAvailable;
    private final OpenVocabularyScorer.Ids ids;

    /** @param unitAvailable whether a running decoder handles a unit word ({@code keypoint}, {@code depth}, ...) */
    public Suite(RefVlm refvlm, GenerationOptions options, String model, Predicate<String> unitAvailable,
            OpenVocabularyScorer.Ids ids) {
        this(new LiveAnswers(refvlm, options), options, model, unitAvailable, ids);
    }

    /** A suite over answers given by {@code answers}: live, or recorded by a distributed run. */
    public Suite(AnswerSource answers, GenerationOptions options, String model, Predicate<String> unitAvailable,
            OpenVocabularyScorer.Ids ids) {
        this.answers = Objects.requireNonNull(answers, "answers");
        this.options = options;
        this.model = model;
        this.unitAvailable = unitAvailable;
        this.ids = ids;
    }

    /**
     * @param limit at most this many questions per task (turns; samples for REC and RES), 0 for all
     */
    public List<SuiteEntry> run(Path data, Path out, int limit, Listener listener) {
        List<SuiteEntry> entries = new ArrayList<>();
        for (String task : ORDER) {
            long start = System.nanoTime();
            SuiteEntry e;
            try {
                e = task.equals("rec") || task.equals("res")
                        ? referring(EvalTask.fromWord(task), data, out.resolve(task), limit, listener)
                        : other(SuiteTask.fromWord(task), data, out.resolve(task), limit, listener);
            } catch (Exception ex) {
                LOG.warn("suite task {} failed", task, ex);
                e = new SuiteEntry(task, SuiteEntry.FAILED, String.valueOf(ex), Map.of(), 0, 0);
            }
            e = new SuiteEntry(e.task(), e.status(), e.message(), e.metrics(), e.asked(), (System.nanoTime() - start) / 1e9);
            entries.add(e);
            listener.taskFinished(e);
        }
        return entries;
    }

    private SuiteEntry referring(EvalTask task, Path data, Path out, int limit, Listener listener) throws Exception {
        EvalDataset ds = EvalDataset.load(data, task, limit);
        if (ds.items().isEmpty()) {
            return new SuiteEntry(task.word(), SuiteEntry.NO_DATA, "no " + task.word() + " sample in " + data, Map.of(), 0, 0);
        }
        listener.taskStarted(task.word(), ds.items().size());
        EvalReport r = new Evaluator(options, model).evaluate(answers, ds,
                p -> listener.answered(task.word(), p.done(), p.total(), p.running()));
        EvalReportWriter.write(r, out);
        return new SuiteEntry(task.word(), SuiteEntry.MEASURED, null, values(r.metrics()), r.counts().evaluated(), 0);
    }

    private SuiteEntry other(SuiteTask task, Path data, Path out, int limit, Listener listener) throws Exception {
        if (task.requiredUnit() != null && !unitAvailable.test(task.requiredUnit().word())) {
            TaskReport r = TaskReport.notMeasurable(task.word(), data, model,
                    "no decoder for unit " + task.requiredUnit().word() + " is installed");
            TaskReportWriter.write(r, out);
            return new SuiteEntry(task.word(), SuiteEntry.NOT_MEASURABLE, r.notMeasurable(), Map.of(), 0, 0);
        }
        TurnDataset limited = turns(task, data, limit);
        if (limited.items().isEmpty()) {
            return new SuiteEntry(task.word(), SuiteEntry.NO_DATA, "no " + task.word() + " sample in " + data, Map.of(), 0, 0);
        }
        listener.taskStarted(task.word(), limited.items().size());
        TaskReport r = new TaskEvaluator(options, model).evaluate(answers, task, limited, task.newScorer(ids), out,
                p -> listener.answered(task.word(), p.done(), p.total(), p.running()));
        TaskReportWriter.write(r, out);
        return new SuiteEntry(task.word(), SuiteEntry.MEASURED, null, values(r.metrics()), r.asked(), 0);
    }

    /** The turns of {@code task} a suite asks: all of them, or {@code limit} spread over them. */
    private static TurnDataset turns(SuiteTask task, Path data, int limit) throws IOException {
        TurnDataset ds = TurnDataset.load(data, task.types(), 0);
        List<TurnItem> asked = ds.items().stream().filter(task.asks()).toList();
        if (limit > 0 && asked.size() > limit) {
            asked = spread(asked, limit);
        }
        return new TurnDataset(ds.folder(), asked, ds.otherTaskSamples(), ds.badRecords(), ds.firstBadRecords());
    }

    /**
     * The questions a suite over {@code data} asks, task after task in {@link #ORDER}, as {@link #run} asks
     * them; tasks whose unit no decoder handles are left out, as the run leaves them, and so is a task whose
     * data cannot be read (the run reports it).
     */
    public static List<Question> questions(Path data, int limit, Predicate<String> unitAvailable) {
        List<Question> questions = new ArrayList<>();
        for (String word : ORDER) {
            try {
                if (word.equals("rec") || word.equals("res")) {
                    questions.addAll(Evaluator.questions(EvalDataset.load(data, EvalTask.fromWord(word), limit)));
                } else {
                    SuiteTask task = SuiteTask.fromWord(word);
                    if (task.requiredUnit() == null || unitAvailable.test(task.requiredUnit().word())) {
                        questions.addAll(TaskEvaluator.questions(task, turns(task, data, limit)));
                    }
                }
            } catch (IOException | RuntimeException e) {
                LOG.warn("suite task {}: its questions cannot be read; the scoring run reports it", word, e);
            }
        }
        return questions;
    }

    /**
     * {@code n} of the turns, spread evenly over them, so that a limited run still sees every sample
     * type of the task (the synthetic world writes the types in turn).
     */
    static List<TurnItem> spread(List<TurnItem> all, int n) {
        Map<TaskType, List<TurnItem>> byType = new LinkedHashMap<>();
        all.forEach(t -> byType.computeIfAbsent(t.sample().task(), k -> new ArrayList<>()).add(t));
        List<TurnItem> out = new ArrayList<>();
        int round = 0;
        while (out.size() < n) {
            boolean any = false;
            for (List<TurnItem> l : byType.values()) {
                if (round < l.size() && out.size() < n) {
                    out.add(l.get(round));
                    any = true;
                }
            }
            if (!any) {
                break;
            }
            round++;
        }
        return out;
    }

    private static Map<String, Double> values(List<Metric> metrics) {
        Map<String, Double> m = new LinkedHashMap<>();
        metrics.forEach(x -> m.put(x.key(), x.value()));
        return m;
    }
}
