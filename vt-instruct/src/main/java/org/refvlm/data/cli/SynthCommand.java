package org.refvlm.data.cli;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import org.refvlm.data.TaskType;
import org.refvlm.data.synth.SceneConfig;
import org.refvlm.data.synth.Split;
import org.refvlm.data.synth.SynthOptions;
import org.refvlm.data.synth.SynthReport;
import org.refvlm.data.synth.SyntheticDataset;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code data synth}: generate a synthetic VT-Instruct folder. */
@Command(name = "synth", sortOptions = false, description = "Generates synthetic samples for every task type.")
public final class SynthCommand extends DataSubcommand {
    /** Runs this long or longer get a progress bar on the error stream. */
    private static final long PROGRESS_FROM = 20_000;

    @Option(names = "--n", required = true, paramLabel = "COUNT", description = "how many samples")
    private long n;

    @Option(names = "--split", required = true, paramLabel = "train|val|test", converter = SplitConverter.class,
            description = "which split's seed stream")
    private Split split;

    @Option(names = "--seed", required = true, paramLabel = "S", description = "generator seed")
    private long seed;

    @Option(names = "--out", required = true, paramLabel = "FOLDER", description = "where the samples go")
    private Path folder;

    @Option(names = "--tasks", paramLabel = "IDS", split = ",", converter = TaskConverter.class,
            description = "task type ids (default: all): ${COMPLETION-CANDIDATES}", completionCandidates = TaskConverter.class)
    private List<TaskType> tasks = new ArrayList<>(List.of(TaskType.values()));

    @Option(names = "--size", paramLabel = "PX", defaultValue = "256", description = "picture side in pixels, 64-512 (default 256)")
    private int size;

    @Option(names = "--per-scene", paramLabel = "K", defaultValue = "4",
            description = "consecutive samples that share one scene picture (default 4)")
    private int perScene;

    @Option(names = "--no-task-block", description = "write answers without the <Task> block")
    private boolean noTaskBlock;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        if (n < 0) {
            throw new ParameterException(spec.commandLine(), "--n must not be negative");
        }
        if (perScene < 1) {
            throw new ParameterException(spec.commandLine(), "--per-scene must be at least 1");
        }
        SceneConfig scene;
        try {
            scene = new SceneConfig(size, 2, 6);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        SynthOptions options = new SynthOptions(n, split, seed, tasks, scene, perScene, !noTaskBlock);
        SyntheticDataset dataset = new SyntheticDataset(options);
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

    /** {@code train}, {@code val} or {@code test}. */
    static final class SplitConverter implements ITypeConverter<Split> {
        @Override
        public Split convert(String value) {
            try {
                return Split.fromWord(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("--split must be train, val or test");
            }
        }
    }
}
