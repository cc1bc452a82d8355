package org.refvlm.data.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.refvlm.data.TaskType;
import org.refvlm.data.synth.SceneConfig;
import org.refvlm.data.synth.Split;
import org.refvlm.data.synth.SynthOptions;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;

/**
 * The arguments of {@code data synth}, as a picocli mixin: the single-machine command and the Spark job
 * ({@code refvlm-spark synth}) take exactly these, so the same arguments give the same samples.
 */
public final class SynthArguments {

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

    @Option(names = "--describe-scenes", description = "start every turn's prompt with the scene in words (\"The "
            + "picture shows a small red striped circle and ...\"), as a recipe's describeScene does: to measure "
            + "whether a model answers from words it is given")
    private boolean describeScenes;

    /** Whether every turn's prompt starts with the scene in words. */
    public boolean describeScenes() {
        return describeScenes;
    }

    /** The output folder. */
    public Path folder() {
        return folder;
    }

    /** The generator's options; a usage error of spec's command when an argument is out of range. */
    public SynthOptions options(CommandSpec spec) {
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
        return new SynthOptions(n, split, seed, tasks, scene, perScene, !noTaskBlock);
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
