package org.refvlm.trainer.eval.tasks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.refvlm.api.RefVlm;
import org.refvlm.api.Response;
import org.refvlm.api.RgbImage;
import org.refvlm.api.model.GenerationOptions;
import org.refvlm.trainer.eval.EvalProgress;
import org.refvlm.trainer.eval.answers.Answer;
import org.refvlm.trainer.eval.answers.AnswerSource;
import org.refvlm.trainer.eval.answers.LiveAnswers;
import org.refvlm.trainer.eval.answers.Question;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the platform every turn a task reads and hands the answers to the task's scorer. A turn that
 * cannot be asked (unreadable picture, failed generation) is logged, counted and passed over; it
 * never stops the run.
 *
 * @param modelName how the reports name the model
 */
public record TaskEvaluator(GenerationOptions options, String modelName) {

    /** How many failed turns a report names. */
    public static final int PROBLEMS_KEPT = 20;
    private static final Logger LOG = LoggerFactory.getLogger(TaskEvaluator.class);

    public TaskEvaluator {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(modelName, "modelName");
    }

    /**
     * @param out where the scorer writes its files (COCO ground truth and results)
     */
    public TaskReport evaluate(RefVlm refvlm, SuiteTask task, TurnDataset data, TaskScorer scorer, Path out,
            Consumer<EvalProgress> progress) throws IOException {
        return evaluate(new LiveAnswers(refvlm, options), task, data, scorer, out, progress);
    }

    /** The questions a run of {@code task} over {@code data} asks, in order, as {@link #evaluate} asks them. */
    public static List<Question> questions(SuiteTask task, TurnDataset data) {
        return data.items().stream().filter(task.asks())
                .map(item -> new Question(Question.key(task.word(), item.key()), item.image(), item::request))
                .toList();
    }

    /** Scores the answers {@code answers} gives: live, or recorded by a distributed run. */
    public TaskReport evaluate(AnswerSource answers, SuiteTask task, TurnDataset data, TaskScorer scorer, Path out,
            Consumer<EvalProgress> progress) throws IOException {
        List<TurnItem> items = data.items().stream().filter(task.asks()).toList();
        List<String> problems = new ArrayList<>();
        List<TaskReport.SampleLine> lines = new ArrayList<>();
        int failed = 0;
        double seconds = 0;
        for (int i = 0; i < items.size(); i++) {
            TurnItem item = items.get(i);
            try {
                RgbImage image = RgbImage.read(item.image());
                Answer answer = answers.answer(Question.key(task.word(), item.key()), item.request(image));
                Response r = answer.response();
                double took = answer.seconds();
                seconds += took;
                scorer.add(item, r);
                lines.add(new TaskReport.SampleLine(item.key(), item.prompt(), r.text(), item.turn().answer(), took));
            } catch (IOException | RuntimeException e) {
                failed++;
                LOG.warn("{} {}: not scored", task.word(), item.key(), e);
                if (problems.size() < PROBLEMS_KEPT) {
                    problems.add(item.key() + ": " + e);
                }
            }
            progress.accept(new EvalProgress(i + 1, items.size(), scorer.running()));
        }
        scorer.writeFiles(out);
        int asked = items.size() - failed;
        return new TaskReport(task.word(), data.folder(), modelName, asked == 0 ? "no turn of the task could be asked" : null,
                asked, failed, problems, data.badRecords(), scorer.metrics(), lines, asked == 0 ? 0 : seconds / asked);
    }
}
