package org.refvlm.decoder.groundingdino.service;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** The command line of {@code grounding-dino}: its subcommands {@code detect} and {@code pretrain}. */
@Command(name = "grounding-dino", description = "Grounding DINO on its own, with a text prompt instead of the"
        + " language model.", subcommands = {GroundingDinoArguments.Detect.class, GroundingDinoArguments.Pretrain.class},
        footer = "Exit status: 0 done, 1 failed, 2 usage error.")
final class GroundingDinoArguments implements Callable<Integer> {

    /** What the subcommands do with their parsed arguments. */
    interface Work {
        int detect(Detect args, PrintStream out) throws Exception;

        int pretrain(Pretrain args, PrintStream out) throws Exception;
    }

    private final Work work;
    private final PrintStream out;

    @Spec
    CommandSpec spec;

    GroundingDinoArguments(Work work, PrintStream out) {
        this.work = work;
        this.out = out;
    }

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a subcommand: detect or pretrain");
    }

    @Command(name = "detect", description = "Boxes for the phrases of a caption (\"a cat. a remote control.\"), one"
            + " line per detection: score, box in the picture's pixels, the caption's words it answers.",
            footer = "Exit status: 0 done, 1 failed, 2 usage error.")
    static final class Detect implements Callable<Integer> {

        @ParentCommand
        GroundingDinoArguments parent;

        @Spec
        CommandSpec spec;

        @Option(names = "--model", required = true, paramLabel = "DIR",
                description = "a transformers Grounding DINO folder: config.json, model.safetensors, tokenizer.json")
        Path model;

        @Option(names = "--image", required = true, paramLabel = "IMG", description = "the picture")
        Path image;

        @Option(names = "--caption", required = true, paramLabel = "TEXT",
                description = "phrases ended by '.', e.g. \"a cat. a remote control.\"")
        String caption;

        @Option(names = "--side", paramLabel = "N", defaultValue = "800",
                description = "side of the padded square the detector reads (default: ${DEFAULT-VALUE}, what the"
                        + " Hugging Face processor uses; 128 for the default model's small detector)")
        int side;

        @Option(names = "--box-threshold", paramLabel = "P", defaultValue = "0.35",
                description = "least best-token probability of a detection (default: ${DEFAULT-VALUE})")
        double boxThreshold;

        @Option(names = "--text-threshold", paramLabel = "P", defaultValue = "0.25",
                description = "least probability of a word in a detection's label (default: ${DEFAULT-VALUE})")
        double textThreshold;

        @Override
        public Integer call() throws Exception {
            if (side <= 0 || !(boxThreshold >= 0 && boxThreshold <= 1) || !(textThreshold >= 0 && textThreshold <= 1)) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--side must be positive and the thresholds on [0, 1]");
            }
            return parent.work.detect(this, parent.out);
        }
    }

    @Command(name = "pretrain", description = "Train a Grounding DINO from nothing on the synthetic world with text"
            + " prompts; resumes when DIR has checkpoints; writes DIR/groundingdino.",
            footer = "Exit status: 0 done, 1 failed, 2 usage error.")
    static final class Pretrain implements Callable<Integer> {

        @ParentCommand
        GroundingDinoArguments parent;

        @Option(names = "--recipe", required = true, paramLabel = "FILE",
                description = "the Grounding DINO pretraining recipe")
        Path recipe;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "the run folder")
        Path out;

        @Override
        public Integer call() throws Exception {
            return parent.work.pretrain(this, parent.out);
        }
    }
}
