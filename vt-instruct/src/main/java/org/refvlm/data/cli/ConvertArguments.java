package org.refvlm.data.cli;

import java.nio.file.Path;
import java.util.Set;
import org.refvlm.data.TaskType;
import org.refvlm.data.convert.ConvertOptions;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The arguments every source of {@code data convert} takes, as a picocli mixin: the single-machine
 * command and the Spark job ({@code refvlm-spark convert}) take exactly these, next to the source's own
 * ({@link CocoArguments} and the like).
 */
public final class ConvertArguments {

    @Option(names = "--out", required = true, paramLabel = "FOLDER", description = "where the samples go")
    private Path out;

    @Option(names = "--images", required = true, paramLabel = "DIR", description = "the source's picture folder")
    private Path images;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "seed of template choices (default 0)")
    private long seed;

    @Option(names = "--no-task-block", description = "write answers without the <Task> block")
    private boolean noTaskBlock;

    @Option(names = "--tasks", paramLabel = "IDS", split = ",", converter = TaskConverter.class,
            description = "task types to produce (default: all the source supports)")
    private Set<TaskType> tasks;

    @Spec(Spec.Target.MIXEE)
    private CommandSpec source;

    /** The output folder. */
    public Path out() {
        return out;
    }

    /**
     * The converter's settings; a usage error of the source's command when {@code --tasks} names a task
     * the source does not produce.
     */
    public ConvertOptions options(Set<TaskType> supported) {
        if (tasks != null) {
            for (TaskType t : tasks) {
                if (!supported.contains(t)) {
                    throw new ParameterException(source.commandLine(), "task " + t.id() + " is not produced by this converter");
                }
            }
        }
        return new ConvertOptions(images, out, tasks == null ? supported : Set.copyOf(tasks), !noTaskBlock, seed);
    }
}
