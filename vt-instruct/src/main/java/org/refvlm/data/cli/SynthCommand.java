package org.refvlm.data.cli;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import org.refvlm.data.TaskType;
import org.refvlm.data.synth.SynthOptions;
import org.refvlm.data.synth.SynthReport;
import org.refvlm.data.synth.SyntheticDataset;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code data synth}: generate a synthetic VT-Instruct folder. */
@Command(name = "synth", sortOptions = false, description = "Generates synthetic samples for every task type.")
public final class SynthCommand extends DataSubcommand {
    /** Runs this long or longer get a progress bar on the error stream. */
    private static final long PROGRESS_FROM = 20_000;

    @Mixin
    private SynthArguments arguments;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        SynthOptions options = arguments.options(spec);
        Path folder = arguments.folder();
        SyntheticDataset dataset = new SyntheticDataset(options);
        if (arguments.describeScenes()) {
            dataset = dataset.describingScenes();
        }
        SynthReport report;
        try {
            if (options.count() >= PROGRESS_FROM) {
                try (ProgressBar bar = new ProgressBarBuilder().setTaskName("synth").setInitialMax(options.count())
                        .setConsumer(new ConsoleProgressBarConsumer(err)).build()) {
                    report = dataset.writeTo(folder, bar::stepTo);
                }
            } else {
                report = dataset.writeTo(folder, null);
            }
        } catch (IOException | RuntimeException e) {
            err.println("data synth: failed: " + e);
            return 1;
        }
        out.printf("wrote %d samples (%d scenes, %dx%d px) to %s in %.2f s: %.0f samples/s (%.0f per CPU-second of the generator threads)%n",
                report.samples(), report.scenes(), options.scene().size(), options.scene().size(), folder,
                report.nanos() / 1e9, report.samplesPerSecond(), report.samplesPerCpuSecond());
        for (Map.Entry<TaskType, Long> e : report.perTask().entrySet()) {
            out.printf("  %-13s %d%n", e.getKey().id(), e.getValue());
        }
        return 0;
    }
}
