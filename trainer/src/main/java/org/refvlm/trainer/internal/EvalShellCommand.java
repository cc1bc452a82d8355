package org.refvlm.trainer.internal;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.refvlm.api.RefVlm;
import org.refvlm.api.cli.ExitStatusException;
import org.refvlm.api.model.LanguageModel;
import org.refvlm.core.pipeline.ModelActivation;
import org.refvlm.trainer.eval.EvalCommandLine;
import org.refvlm.trainer.eval.EvalDataset;
import org.refvlm.trainer.eval.EvalReport;
import org.refvlm.trainer.eval.EvalReportWriter;
import org.refvlm.trainer.eval.Evaluator;
import org.refvlm.trainer.eval.Metric;

/**
 * Shell command {@code refvlm:eval}: runs the platform's model over the REC or RES samples of a
 * VT-Instruct folder, prints the metrics and writes {@code report.json} and {@code report.md}.
 */
@Component(service = EvalShellCommand.class, immediate = true,
        property = {"osgi.command.scope=refvlm", "osgi.command.function=eval"})
public final class EvalShellCommand {

    private static final Duration MODEL_TIMEOUT = Duration.ofMinutes(3);
    /** Samples between two progress lines. */
    private static final int PROGRESS_EVERY = 25;

    private BundleContext context;

    @Reference
    private ConfigurationAdmin configAdmin;

    @Activate
    void activate(BundleContext context) {
        this.context = context;
    }

    @Descriptor("evaluate the model on REC (accuracy at IoU 0.5) or RES (cIoU, mIoU) samples of a data folder")
    public void eval(CommandSession session, @Descriptor("see 'eval --help'") String... args) throws Exception {
        PrintStream out = session.getConsole();
        EvalCommandLine a;
        try {
            a = EvalCommandLine.parse(List.of(args));
        } catch (IllegalArgumentException e) {
            System.err.println("eval: " + e.getMessage());
            System.err.println(EvalCommandLine.USAGE);
            throw new ExitStatusException(2, null);
        }
        if (a.help()) {
            out.println(EvalCommandLine.USAGE);
            return;
        }
        // read the data first: a wrong folder should not wait for a model to load
        EvalDataset data = EvalDataset.load(a.data(), a.task(), a.limit());
        out.println("eval: " + data.items().size() + " " + a.task().word() + " sample(s) to evaluate in " + a.data());
        if (data.badRecords() > 0) {
            out.println("  " + data.badRecords() + " bad record(s) skipped, first:");
            data.firstBadRecords().forEach(p -> out.println("    " + p));
        }
        data.skipped().forEach((reason, n) -> out.println("  " + n + " sample(s) skipped: " + reason));
        ModelActivation models = new ModelActivation(configAdmin);
        if (a.model() != null) {
            models.use(a.model());
        } else {
            models.useDefaultIfNone().ifPresent(dir -> out.println("eval: using the default model " + dir));
        }
        RefVlm refvlm = ModelActivation.await(context, MODEL_TIMEOUT);
        String model = modelName();
        out.println("eval: model " + model + ", greedy, at most " + a.maxTokens() + " tokens per answer");

        EvalReport report = new Evaluator(Evaluator.greedy(a.maxTokens()), model).evaluate(refvlm, data, p -> {
            if (p.done() % PROGRESS_EVERY == 0 || p.done() == p.total()) {
                out.println("  " + p.done() + "/" + p.total() + " samples, " + p.running());
            }
        });
        EvalReportWriter.write(report, a.out());

        out.println("samples evaluated: " + report.counts().evaluated() + ", skipped: " + report.counts().skippedTotal());
        report.sampleProblems().forEach(p -> out.println("  " + p));
        for (Metric m : report.metrics()) {
            out.println(String.format(Locale.ROOT, "%-40s %s", m.label(),
                    Double.isFinite(m.value()) ? String.format(Locale.ROOT, "%.4f", m.value()) : "n/a"));
        }
        out.println("answers without referred objects: " + report.counts().answersWithoutObjects());
        out.println("report written to " + a.out().resolve(EvalReportWriter.JSON_FILE) + " and "
                + EvalReportWriter.MARKDOWN_FILE);
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
