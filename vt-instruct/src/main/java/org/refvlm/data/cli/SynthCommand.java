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
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code data synth}: generate a synthetic VT-Instruct folder. */
public final class SynthCommand {
    static final String USAGE = """
            usage: data synth --n <count> --split train|val|test --seed <s> --out <folder>
                              [--tasks a,b,...] [--size <px 64-512>] [--per-scene <k>] [--no-task-block]
              --tasks      task type ids (default: all): %s
              --size       picture side in pixels (default 256)
              --per-scene  consecutive samples that share one scene picture (default 4)
            """.formatted(taskIds());
    /** Runs this long or longer get a progress bar on the error stream. */
    private static final long PROGRESS_FROM = 20_000;

    public int run(List<String> args, PrintStream out, PrintStream err) {
        CommandArgs a;
        SynthOptions options;
        Path folder;
        try {
            a = CommandArgs.parse(args, Set.of("--n", "--split", "--seed", "--out", "--tasks", "--size", "--per-scene"),
                    Set.of("--no-task-block"));
            if (!a.positional().isEmpty()) {
                throw new UsageException("unexpected argument " + a.positional().get(0));
            }
            long n = a.longValue("--n", -1);
            if (n < 0) {
                throw new UsageException("missing --n <count>");
            }
            Split split;
            try {
                split = Split.fromWord(a.require("--split"));
            } catch (IllegalArgumentException e) {
                throw new UsageException("--split must be train, val or test");
            }
            long seed = a.longValue("--seed", 0);
            if (a.get("--seed") == null) {
                throw new UsageException("missing --seed <s>");
            }
            folder = Path.of(a.require("--out"));
            List<TaskType> tasks = new ArrayList<>(List.of(TaskType.values()));
            if (a.get("--tasks") != null) {
                tasks.clear();
                for (String id : a.get("--tasks").split(",")) {
                    try {
                        tasks.add(TaskType.fromId(id));
                    } catch (IllegalArgumentException e) {
                        throw new UsageException(e.getMessage());
                    }
                }
            }
            SceneConfig scene;
            try {
                scene = new SceneConfig((int) a.longValue("--size", 256), 2, 6);
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
            int perScene = (int) a.longValue("--per-scene", 4);
            if (perScene < 1) {
                throw new UsageException("--per-scene must be at least 1");
            }
            options = new SynthOptions(n, split, seed, tasks, scene, perScene, !a.flag("--no-task-block"));
        } catch (UsageException e) {
            err.println("data synth: " + e.getMessage());
            err.print(USAGE);
            return 2;
        }
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

    private static String taskIds() {
        StringBuilder sb = new StringBuilder();
        for (TaskType t : TaskType.values()) {
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(t.id());
        }
        return sb.toString();
    }
}
