package org.refvlm.trainer.internal;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.refvlm.api.DecoderInfo;
import org.refvlm.api.DecoderRegistry;
import org.refvlm.api.RefVlm;
import org.refvlm.api.cli.ExitStatusException;
import org.refvlm.api.model.LanguageModel;
import org.refvlm.core.pipeline.ModelActivation;
import org.refvlm.core.pipeline.ModelFolder;
import org.refvlm.trainer.eval.EvalCommandLine;
import org.refvlm.trainer.eval.EvalDataset;
import org.refvlm.trainer.eval.EvalReport;
import org.refvlm.trainer.eval.EvalReportWriter;
import org.refvlm.trainer.eval.Evaluator;
import org.refvlm.trainer.eval.Metric;
import org.refvlm.trainer.eval.answers.AnswerRecording;
import org.refvlm.trainer.eval.answers.AnswerSource;
import org.refvlm.trainer.eval.answers.LiveAnswers;
import org.refvlm.trainer.eval.answers.Question;
import org.refvlm.trainer.eval.answers.RecordedAnswers;
import org.refvlm.trainer.eval.tasks.OpenVocabularyScorer;
import org.refvlm.trainer.eval.tasks.Suite;
import org.refvlm.trainer.eval.tasks.SuiteEntry;
import org.refvlm.trainer.eval.tasks.SuiteTables;
import org.refvlm.trainer.eval.tasks.SuiteTask;
import org.refvlm.trainer.eval.tasks.TaskEvaluator;
import org.refvlm.trainer.eval.tasks.TaskReport;
import org.refvlm.trainer.eval.tasks.TaskReportWriter;
import org.refvlm.trainer.eval.tasks.TurnDataset;
import org.refvlm.trainer.score.coco.CocoDataset;
import org.refvlm.trainer.score.coco.CocoFiles;

/**
 * Shell command {@code refvlm:eval}: runs the platform's model over the samples of one task of a
 * VT-Instruct folder (REC, RES, captions, VQA, POPE, REG, interactive grounding, GCG, open-vocabulary
 * detection and segmentation, keypoints, depth), or over every task a folder holds ({@code --suite}),
 * prints the metrics and writes the reports.
 */
@Component(service = EvalShellCommand.class, immediate = true,
        property = {"osgi.command.scope=refvlm", "osgi.command.function=eval"})
public final class EvalShellCommand {

    private static final Duration MODEL_TIMEOUT = Duration.ofMinutes(3);
    /** How long a pinned decoder that the model does not bring may take to come up. */
    private static final Duration PIN_GRACE = Duration.ofSeconds(10);
    /** Samples between two progress lines. */
    private static final int PROGRESS_EVERY = 25;
    public static final String SUITE_MARKDOWN = "suite.md";

    private BundleContext context;

    @Reference
    private ConfigurationAdmin configAdmin;

    @Reference
    private DecoderRegistry decoders;

    @Activate
    void activate(BundleContext context) {
        this.context = context;
    }

    @Descriptor("evaluate the model on one task of a data folder, or on every task of a folder (--suite)")
    public void eval(CommandSession session, @Descriptor("see 'eval --help'") String... args) throws Exception {
        PrintStream out = session.getConsole();
        EvalCommandLine a;
        try {
            a = EvalCommandLine.parse(List.of(args));
        } catch (IllegalArgumentException e) {
            System.err.println("eval: " + e.getMessage());
            System.err.print(EvalCommandLine.usage());
            throw new ExitStatusException(2, null);
        }
        if (a.help()) {
            out.print(EvalCommandLine.usage());
            return;
        }
        Path data = a.suite() != null ? a.suite() : a.data();
        if (!Files.isDirectory(data)) {
            throw new IllegalArgumentException("data folder " + data + " does not exist");
        }
        // pinned once the model and its decoders are up (model()): a decoder the model brings is not running before
        Map<String, Optional<String>> pinsBefore = new LinkedHashMap<>();
        try {
            if (a.answersOut() != null) {
                recordShard(a, out, pinsBefore);
            } else if (a.suite() != null) {
                suite(a, out, pinsBefore);
            } else if (a.referringTask() != null) {
                referring(a, out, pinsBefore);
            } else {
                other(a, a.otherTask(), out, pinsBefore);
            }
        } finally {
            restore(pinsBefore);
        }
    }

    /**
     * Where a run's answers come from and what the reports say about them: the platform's model (loaded
     * as asked), or the answers shards of a distributed run recorded ({@code --answers-from}).
     *
     * @param unitAvailable whether a decoder handled a unit word when the answers were given
     */
    private record Answering(AnswerSource source, String model, Predicate<String> unitAvailable, RecordedAnswers recorded) {
    }

    private Answering answering(EvalCommandLine a, PrintStream out, Map<String, Optional<String>> pinsBefore) throws Exception {
        if (a.answersFrom() != null) {
            RecordedAnswers recorded = RecordedAnswers.read(a.answersFrom());
            out.println("eval: scoring " + recorded.size() + " answer(s) recorded in " + recorded.files() + " file(s) in "
                    + a.answersFrom() + " by model " + recorded.model());
            return new Answering(recorded, recorded.model(), recorded.units()::contains, recorded);
        }
        RefVlm refvlm = model(a, out, pinsBefore);
        return new Answering(new LiveAnswers(refvlm, Evaluator.greedy(a.maxTokens())), modelName(),
                u -> decoders.units().contains(u), null);
    }

    /** After a run over recorded answers: say if any question had none (it was counted as failed). */
    private static void reportMissing(Answering answering, PrintStream out) {
        if (answering.recorded() != null && answering.recorded().missing() > 0) {
            out.println("eval: warning: " + answering.recorded().missing() + " question(s) had no recorded answer "
                    + "(counted as failed): were the answers recorded with other --limit or data?");
        }
    }

    /**
     * {@code --shard K/N --answers-out FILE}: answers shard K of the run's questions (those at positions
     * i with i mod N = K, in the order the run asks them) and records them; a later {@code --answers-from}
     * run scores every shard's answers together, as one run would have.
     */
    private void recordShard(EvalCommandLine a, PrintStream out, Map<String, Optional<String>> pinsBefore) throws Exception {
        // the data first: a wrong folder should not wait for a model to load
        EvalDataset referring = a.referringTask() != null ? EvalDataset.load(a.data(), a.referringTask(), a.limit()) : null;
        TurnDataset turns = a.otherTask() != null ? TurnDataset.load(a.data(), a.otherTask().types(), a.limit()) : null;
        RefVlm refvlm = model(a, out, pinsBefore);
        Predicate<String> unitAvailable = u -> decoders.units().contains(u);
        List<Question> questions;
        if (a.suite() != null) {
            questions = Suite.questions(a.suite(), a.limit(), unitAvailable);
        } else if (referring != null) {
            questions = Evaluator.questions(referring);
        } else {
            SuiteTask task = a.otherTask();
            boolean measurable = task.requiredUnit() == null || unitAvailable.test(task.requiredUnit().word());
            questions = measurable ? TaskEvaluator.questions(task, turns) : List.of();
        }
        String shard = a.shard() + "/" + a.shards();
        out.println("eval: answering shard " + shard + " of the run's " + questions.size() + " question(s)");
        int recorded = AnswerRecording.record(questions, a.shard(), a.shards(),
                new LiveAnswers(refvlm, Evaluator.greedy(a.maxTokens())), a.answersOut(), modelName(),
                decoders.units(), done -> {
                    if (done % PROGRESS_EVERY == 0) {
                        out.println("  " + done + " answered");
                    }
                });
        out.println("eval: recorded " + recorded + " answer(s) of shard " + shard + " in " + a.answersOut());
    }

    /**
     * Loads the model (the one asked, or the default if none is configured), waits for its decoders
     * and those the run pins, then pins them; {@code pinsBefore} receives each unit's pin before.
     */
    private RefVlm model(EvalCommandLine a, PrintStream out, Map<String, Optional<String>> pinsBefore) throws Exception {
        ModelActivation models = new ModelActivation(configAdmin);
        Optional<Path> loaded = models.useOrDefault(a.model(), dir -> out.println("eval: using the default model " + dir));
        RefVlm refvlm = ModelActivation.await(context, MODEL_TIMEOUT, loaded.orElse(null));
        java.util.Set<String> declared = new java.util.LinkedHashSet<>();
        if (loaded.isPresent()) {
            ModelFolder.read(loaded.get()).ifPresent(m -> m.decoders().forEach(d -> declared.add(d.unit() + "=" + d.kind())));
        }
        awaitDecoders(declared, MODEL_TIMEOUT, out);
        // a pinned decoder the model does not bring (an installed bundle's) gets a short grace: a
        // misspelt name should fail soon, naming the decoders that run
        java.util.Set<String> pinned = new java.util.LinkedHashSet<>();
        a.decoders().forEach((unit, name) -> pinned.add(unit + "=" + name));
        awaitDecoders(pinned, PIN_GRACE, null);
        pin(a.decoders(), pinsBefore);
        a.decoders().forEach((unit, name) -> out.println("eval: unit " + unit + " decoded by " + name + " for this run"));
        out.println("eval: model " + modelName() + ", greedy, at most " + a.maxTokens() + " tokens per answer");
        return refvlm;
    }

    private void referring(EvalCommandLine a, PrintStream out, Map<String, Optional<String>> pinsBefore) throws Exception {
        // read the data first: a wrong folder should not wait for a model to load
        EvalDataset data = EvalDataset.load(a.data(), a.referringTask(), a.limit());
        out.println("eval: " + data.items().size() + " " + a.task() + " sample(s) to evaluate in " + a.data());
        if (data.badRecords() > 0) {
            out.println("  " + data.badRecords() + " bad record(s) skipped, first:");
            data.firstBadRecords().forEach(p -> out.println("    " + p));
        }
        data.skipped().forEach((reason, n) -> out.println("  " + n + " sample(s) skipped: " + reason));
        Answering answering = answering(a, out, pinsBefore);
        EvalReport report = new Evaluator(Evaluator.greedy(a.maxTokens()), answering.model()).evaluate(answering.source(), data, p -> {
            if (p.done() % PROGRESS_EVERY == 0 || p.done() == p.total()) {
                out.println("  " + p.done() + "/" + p.total() + " samples, " + p.running());
            }
        });
        EvalReportWriter.write(report, a.out());
        out.println("samples evaluated: " + report.counts().evaluated() + ", skipped: " + report.counts().skippedTotal());
        report.sampleProblems().forEach(p -> out.println("  " + p));
        print(out, report.metrics());
        out.println("answers without referred objects: " + report.counts().answersWithoutObjects());
        reportMissing(answering, out);
        out.println("report written to " + a.out().resolve(EvalReportWriter.JSON_FILE) + " and " + EvalReportWriter.MARKDOWN_FILE);
    }

    private void other(EvalCommandLine a, SuiteTask task, PrintStream out, Map<String, Optional<String>> pinsBefore)
            throws Exception {
        TurnDataset data = TurnDataset.load(a.data(), task.types(), a.limit());
        // the model first: its decoders come up with it, and whether the task's unit has one is known only then
        Answering answering = answering(a, out, pinsBefore);
        if (task.requiredUnit() != null && !answering.unitAvailable().test(task.requiredUnit().word())) {
            TaskReport r = TaskReport.notMeasurable(task.word(), a.data(), answering.model(),
                    "no decoder for unit " + task.requiredUnit().word() + " is installed");
            TaskReportWriter.write(r, a.out());
            out.println("eval: " + task.word() + " is not measurable: " + r.notMeasurable());
            out.println("report written to " + a.out().resolve(TaskReportWriter.JSON_FILE));
            return;
        }
        long asked = data.items().stream().filter(task.asks()).count();
        out.println("eval: " + asked + " " + task.word() + " question(s) to ask in " + a.data());
        if (data.badRecords() > 0) {
            out.println("  " + data.badRecords() + " bad record(s) skipped, first:");
            data.firstBadRecords().forEach(p -> out.println("    " + p));
        }
        OpenVocabularyScorer.Ids ids = OpenVocabularyScorer.Ids.GENERATED;
        if (a.cocoGt() != null) {
            CocoDataset coco = CocoFiles.readGroundTruth(a.cocoGt());
            Map<String, Long> byName = new LinkedHashMap<>();
            coco.categories().forEach((id, name) -> byName.put(name, id));
            ids = new OpenVocabularyScorer.Ids(byName, true);
        }
        TaskReport r = new TaskEvaluator(Evaluator.greedy(a.maxTokens()), answering.model()).evaluate(answering.source(), task, data,
                task.newScorer(ids), a.out(), p -> {
                    if (p.done() % PROGRESS_EVERY == 0 || p.done() == p.total()) {
                        out.println("  " + p.done() + "/" + p.total() + " questions, " + p.running());
                    }
                });
        TaskReportWriter.write(r, a.out());
        out.println("questions answered: " + r.asked() + ", failed: " + r.failed());
        r.problems().forEach(p -> out.println("  " + p));
        print(out, r.metrics());
        reportMissing(answering, out);
        out.println("report written to " + a.out().resolve(TaskReportWriter.JSON_FILE) + " and " + TaskReportWriter.MARKDOWN_FILE);
    }

    private void suite(EvalCommandLine a, PrintStream out, Map<String, Optional<String>> pinsBefore) throws Exception {
        Answering answering = answering(a, out, pinsBefore);
        out.println("eval: suite over " + a.suite() + ", at most " + a.limit() + " questions per task");
        Suite suite = new Suite(answering.source(), Evaluator.greedy(a.maxTokens()), answering.model(),
                answering.unitAvailable(), OpenVocabularyScorer.Ids.GENERATED);
        ProgressBar[] bar = {null};
        List<SuiteEntry> entries = suite.run(a.suite(), a.out(), a.limit(), new Suite.Listener() {
            @Override
            public void taskStarted(String task, int questions) {
                bar[0] = new ProgressBarBuilder().setTaskName(task).setInitialMax(questions)
                        .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(1000)
                        .setConsumer(new DelegatingProgressBarConsumer(s -> out.print("\r" + s), 120)).build();
            }

            @Override
            public void answered(String task, int done, int total, String running) {
                bar[0].stepTo(done);
                bar[0].setExtraMessage(" " + running);
            }

            @Override
            public void taskFinished(SuiteEntry e) {
                if (bar[0] != null) {
                    bar[0].close();
                    bar[0] = null;
                    out.println();
                }
                out.println(String.format(Locale.ROOT, "%-9s %s%s (%.0f s)", e.task(), e.status(),
                        e.message() != null ? ": " + e.message() : "", e.seconds()));
            }
        });
        reportMissing(answering, out);
        String md = SuiteTables.markdown(entries, answering.model(), a.suite().toAbsolutePath().toString(), a.limit());
        Files.createDirectories(a.out());
        Files.writeString(a.out().resolve(SUITE_MARKDOWN), md);
        out.println(md);
        out.println("tables written to " + a.out().resolve(SUITE_MARKDOWN) + "; each task's report in its folder there");
    }

    private static void print(PrintStream out, List<Metric> metrics) {
        for (Metric m : metrics) {
            out.println(String.format(Locale.ROOT, "%-50s %s", m.label(),
                    Double.isFinite(m.value()) ? String.format(Locale.ROOT, "%.4f", m.value()) : "n/a"));
        }
    }

    /** Pins the asked decoders, recording each unit's pin before in {@code before} as it goes, to restore. */
    private void pin(Map<String, String> wanted, Map<String, Optional<String>> before) {
        wanted.forEach((unit, name) -> {
            Optional<String> was = Optional.ofNullable(decoders.pins().get(unit));
            decoders.pin(unit, name);
            before.put(unit, was);
        });
    }

    private void restore(Map<String, Optional<String>> before) {
        before.forEach((unit, pin) -> {
            if (pin.isPresent()) {
                try {
                    decoders.pin(unit, pin.get());
                } catch (IllegalArgumentException e) {
                    decoders.unpin(unit); // the earlier decoder left meanwhile
                }
            } else {
                decoders.unpin(unit);
            }
        });
    }

    /**
     * Waits (up to {@code timeout}) until every decoder in {@code wanted} ({@code unit=name}; a model
     * folder's decoders are named by their kind) serves: their loaders start after the switch, and a
     * task measured before they are up would read as having no decoder. With {@code out}, says which
     * are missing when the time is up; the caller's pinning then fails naming the decoders that run.
     */
    private void awaitDecoders(java.util.Set<String> wanted, Duration timeout, PrintStream out) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            java.util.Set<String> running = new java.util.LinkedHashSet<>();
            decoders.decoders().forEach(d -> running.add(d.unit() + "=" + d.decoder()));
            if (running.containsAll(wanted)) {
                return;
            }
            if (System.nanoTime() > end) {
                if (out != null) {
                    List<String> missing = wanted.stream().filter(w -> !running.contains(w)).toList();
                    out.println("eval: warning: decoder(s) " + missing + " are not up after " + timeout.toSeconds()
                            + " s (running: " + running + "); see var/refvlm.log");
                }
                return;
            }
            Thread.sleep(100);
        }
    }

    /** The name the loaded model announces, on the RefVlm service or else on the language model. */
    private String modelName() {
        Object name = property(context.getServiceReference(RefVlm.class));
        if (name == null) {
            name = property(context.getServiceReference(LanguageModel.class));
        }
        return name == null ? "unknown" : name.toString();
    }

    private static Object property(ServiceReference<?> ref) {
        return ref == null ? null : ref.getProperty(LanguageModel.NAME);
    }
}
