package org.refvlm.trainer.internal;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The command line of {@code train}; {@link #call} hands the parsed arguments to the shell command's work. */
@Command(name = "train", sortOptions = false,
        description = "Runs a training recipe (stage 1, 2 or 3) with a progress bar; checkpoints, metrics.jsonl and "
                + "the trained model folder go to the run folder.")
final class TrainArguments implements Callable<Integer> {

    /** What {@code train} does with its arguments. */
    @FunctionalInterface
    interface Work {
        int run(TrainArguments arguments) throws Exception;
    }

    @Option(names = "--recipe", required = true, paramLabel = "FILE", description = "training recipe (JSON; see docs/training.md)")
    Path recipe;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "run folder: checkpoints/, "
            + "metrics.jsonl, and model/ when the recipe completes (a recipe with follow-up phases, \"then\", runs each "
            + "in then-N/ after the first)")
    Path out;

    @Option(names = "--resume", description = "continue from the newest checkpoint in --out (exactly as if never "
            + "stopped); finished phases are skipped")
    boolean resume;

    @Option(names = "--stop-after", paramLabel = "STEPS", description = "pause after this many steps of a phase "
            + "(a checkpoint is written; --resume continues)")
    void stopAfter(long steps) {
        if (steps < 1) {
            throw new picocli.CommandLine.TypeConversionException("--stop-after must be at least 1, got " + steps);
        }
        stopAfter = steps;
    }

    @Option(names = "--serve", paramLabel = "RANKING", description = "when done, serve the trained decoders in this "
            + "running platform with this service.ranking (stage 3: a higher ranking makes them the active ones)")
    Integer serveRanking;

    @Option(names = "--export", description = "do not train: write the newest checkpoint of --out (of its newest "
            + "phase) as DIR/model-step-N, a model folder to try a run in progress with ask or eval")
    boolean export;

    long stopAfter = Long.MAX_VALUE;

    private final Work work;

    TrainArguments(Work work) {
        this.work = work;
    }

    @Override
    public Integer call() throws Exception {
        return work.run(this);
    }
}
