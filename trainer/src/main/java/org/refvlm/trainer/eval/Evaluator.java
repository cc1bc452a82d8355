package org.refvlm.trainer.eval;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import org.refvlm.api.BoxUnit;
import org.refvlm.api.MaskUnit;
import org.refvlm.api.RefVlm;
import org.refvlm.api.ReferredObject;
import org.refvlm.api.Response;
import org.refvlm.api.RgbImage;
import org.refvlm.api.model.GenerationOptions;
import org.refvlm.trainer.eval.answers.Answer;
import org.refvlm.trainer.eval.answers.AnswerSource;
import org.refvlm.trainer.eval.answers.LiveAnswers;
import org.refvlm.trainer.eval.answers.Question;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the platform every sample of a data set and scores the answers. A sample that cannot be
 * asked (unreadable image, failed generation) is logged with its id, counted and skipped; it
 * never stops the run.
 */
public final class Evaluator {

    /** How many skipped samples the report names individually. */
    public static final int PROBLEMS_KEPT = 20;
    private static final Logger LOG = LoggerFactory.getLogger(Evaluator.class);

    private final GenerationOptions options;
    private final String modelName;

    /** @param modelName how the report names the model */
    public Evaluator(GenerationOptions options, String modelName) {
        this.options = Objects.requireNonNull(options, "options");
        this.modelName = Objects.requireNonNull(modelName, "modelName");
    }

    /** The questions a run over {@code data} asks, in order, as {@link #evaluate} asks them. */
    public static List<Question> questions(EvalDataset data) {
        return data.items().stream()
                .map(item -> new Question(Question.key(data.task().word(), item.id()), item.image(), item::request))
                .toList();
    }

    /** Greedy decoding of up to {@code maxTokens} tokens, as the reference evaluates. */
    public static GenerationOptions greedy(int maxTokens) {
        return new GenerationOptions(maxTokens, 0.0, 40, 0.75, 0L, Set.of());
    }

    public EvalReport evaluate(RefVlm refvlm, EvalDataset data, Consumer<EvalProgress> progress) {
        return evaluate(new LiveAnswers(refvlm, options), data, progress);
    }

    /** Scores the answers {@code answers} gives to the data set's samples: live, or recorded by a distributed run. */
    public EvalReport evaluate(AnswerSource answers, EvalDataset data, Consumer<EvalProgress> progress) {
        Run run = new Run(data.task());
        List<EvalItem> items = data.items();
        for (int i = 0; i < items.size(); i++) {
            run.ask(answers, items.get(i));
            progress.accept(new EvalProgress(i + 1, items.size(), run.running()));
        }
        Tally skipped = new Tally();
        skipped.addAll(data.skipped());
        skipped.addAll(run.skipped.snapshot());
        EvalCounts counts = new EvalCounts(run.results.size(), skipped.snapshot(), data.otherTaskSamples(),
                data.badRecords(), run.trp.wellFormed(), run.trp.withoutObjects(), run.withoutPrediction);
        List<String> bad = data.firstBadRecords().stream().map(Object::toString).toList();
        return new EvalReport(data.task(), data.folder(), modelName, options.maxNewTokens(), counts, run.metrics(), bad,
                run.problems, run.results);
    }

    /** The accumulators of one run. */
    private final class Run {
        private final EvalTask task;
        private final RecAccuracy rec = new RecAccuracy();
        private final MaskIoU masks = new MaskIoU();
        private final TrpWellFormedness trp = new TrpWellFormedness();
        private final PhraseCopy phrases = new PhraseCopy();
        private final Tally skipped = new Tally();
        private final List<String> problems = new ArrayList<>();
        private final List<SampleResult> results = new ArrayList<>();
        private int withoutPrediction;
        private double seconds;

        Run(EvalTask task) {
            this.task = task;
        }

        void ask(AnswerSource answers, EvalItem item) {
            RgbImage image;
            try {
                image = RgbImage.read(item.image());
            } catch (IOException e) {
                skip(item, SkipReason.IMAGE_UNREADABLE, e.getMessage());
                return;
            }
            if (item.imageRef().sizeKnown()
                    && (image.width() != item.imageRef().width() || image.height() != item.imageRef().height())) {
                // the target is in the record's pixels: scoring against another size would be wrong
                skip(item, SkipReason.IMAGE_SIZE, item.image() + " is " + image.width() + "x" + image.height()
                        + ", the record says " + item.imageRef().width() + "x" + item.imageRef().height());
                return;
            }
            Answer answer;
            try {
                answer = answers.answer(Question.key(task.word(), item.id()), item.request(image));
            } catch (RuntimeException e) {
                LOG.warn("sample {}: generation failed", item.id(), e);
                skip(item, SkipReason.GENERATION_FAILED, String.valueOf(e));
                return;
            }
            Response response = answer.response();
            double took = answer.seconds();
            seconds += took;
            String trpProblem = trp.add(response.text(), response.objects().size());
            phrases.add(response.text(), item.expectedAnswer());
            results.add(score(item, response, trpProblem, took));
        }

        private SampleResult score(EvalItem item, Response response, String trpProblem, double took) {
            String note = null;
            Region predicted;
            double iou;
            if (task == EvalTask.REC) {
                PixelBox box = firstBox(response.objects());
                predicted = box;
                iou = rec.add(box, (PixelBox) item.target());
            } else {
                MaskRegion mask = firstMask(response.objects());
                MaskRegion target = (MaskRegion) item.target();
                if (mask != null && (mask.height() != target.height() || mask.width() != target.width())) {
                    // a decoder bug, not a poor answer: say so, and score it as no mask
                    note = "predicted mask is " + mask.height() + "x" + mask.width() + ", the image "
                            + target.height() + "x" + target.width() + ": scored as no mask";
                    LOG.warn("sample {}: {}", item.id(), note);
                    mask = null;
                }
                predicted = mask;
                iou = masks.add(MaskOverlap.of(mask, target));
            }
            if (predicted == null) {
                withoutPrediction++;
            }
            return new SampleResult(item.id(), item.prompt(), response.text(), item.expectedAnswer(), predicted,
                    item.target(), iou, RecAccuracy.isCorrect(iou), trpProblem, response.objects().size(), took, note);
        }

        private void skip(EvalItem item, String reason, String detail) {
            LOG.warn("skipping sample {}: {}: {}", item.id(), reason, detail);
            skipped.add(reason);
            if (problems.size() < PROBLEMS_KEPT) {
                problems.add("sample " + item.id() + ": " + reason + ": " + detail);
            }
        }

        String running() {
            return task == EvalTask.REC
                    ? String.format(Locale.ROOT, "accuracy %.3f", rec.accuracy())
                    : String.format(Locale.ROOT, "cIoU %.3f, mIoU %.3f", masks.cIoU(), masks.mIoU());
        }

        List<Metric> metrics() {
            List<Metric> m = new ArrayList<>();
            if (task == EvalTask.REC) {
                m.add(new Metric("accuracy", "REC Acc@0.5 (IoU >= 0.5)", rec.accuracy()));
                m.add(new Metric("meanIoU", "mean box IoU", rec.meanIou()));
            } else {
                m.add(new Metric("cIoU", "RES cIoU (sum I / sum U)", masks.cIoU()));
                m.add(new Metric("mIoU", "RES mIoU (mean of I / U)", masks.mIoU()));
            }
            m.add(new Metric("trpWellFormedRate", "TRP well-formed rate", trp.rate()));
            if (phrases.compared() > 0) {
                m.add(new Metric("phraseMatchRate", "answers naming the expected phrase(s)", phrases.rate()));
            }
            m.add(new Metric("meanSecondsPerSample", "mean generation time per sample (s)",
                    results.isEmpty() ? Double.NaN : seconds / results.size()));
            return m;
        }
    }

    private static PixelBox firstBox(List<ReferredObject> objects) {
        for (ReferredObject o : objects) {
            if (o.result().orElse(null) instanceof BoxUnit b) {
                return PixelBox.of(b);
            }
        }
        return null;
    }

    private static MaskRegion firstMask(List<ReferredObject> objects) {
        for (ReferredObject o : objects) {
            if (o.result().orElse(null) instanceof MaskUnit m) {
                return new MaskRegion(m.mask());
            }
        }
        return null;
    }
}
