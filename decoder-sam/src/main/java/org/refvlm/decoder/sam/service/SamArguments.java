package org.refvlm.decoder.sam.service;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.refvlm.decoder.sam.SamPrompting;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** The command line of {@code sam}: its subcommands {@code segment} and {@code pretrain}. */
@Command(name = "sam", description = "Segment Anything on its own, without the language model.",
        subcommands = {SamArguments.Segment.class, SamArguments.Pretrain.class},
        footer = "Exit status: 0 done, 1 failed, 2 usage error.")
final class SamArguments implements Callable<Integer> {

    /** What the subcommands do with their parsed arguments. */
    interface Work {
        int segment(Segment args) throws Exception;

        int pretrain(Pretrain args) throws Exception;
    }

    final Work work;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    SamArguments(Work work) {
        this.work = work;
    }

    @Override
    public Integer call() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                "name a subcommand: segment or pretrain");
    }

    @Command(name = "segment", description = "One mask from SAM's own prompts, in the image's pixels.",
            footer = "Exit status: 0 done, 1 failed, 2 usage error.")
    static final class Segment implements Callable<Integer> {

        @picocli.CommandLine.ParentCommand
        SamArguments parent;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Option(names = "--sam", required = true, paramLabel = "DIR",
                description = "a Hugging Face SAM folder (config.json, model.safetensors) or a SAM decoder folder")
        Path sam;

        @Option(names = "--image", required = true, paramLabel = "IMG", description = "the picture")
        Path image;

        @Option(names = "--point", paramLabel = "X,Y[,0|1]", converter = PointConverter.class,
                description = "a point prompt, label 1 foreground (the default) or 0 background; repeatable")
        List<SamPrompting.Point> points = new ArrayList<>();

        @Option(names = "--box", paramLabel = "X0,Y0,X1,Y1", converter = BoxConverter.class, description = "a box prompt")
        SamPrompting.Box box;

        @Option(names = "--multimask",
                description = "keep the best-rated of SAM's three multimask outputs instead of the single mask")
        boolean multimask;

        @Option(names = "--out", paramLabel = "R.json", description = "write the mask (RLE), its area and score as JSON")
        Path out;

        @Override
        public Integer call() throws Exception {
            if (points.isEmpty() && box == null) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                        "give at least one --point or a --box");
            }
            return parent.work.segment(this);
        }
    }

    @Command(name = "pretrain", description = "Train a SAM from nothing on the synthetic world (point and box"
            + " prompts); resumes when DIR has checkpoints; writes DIR/sam.",
            footer = "Exit status: 0 done, 1 failed, 2 usage error.")
    static final class Pretrain implements Callable<Integer> {

        @picocli.CommandLine.ParentCommand
        SamArguments parent;

        @Option(names = "--recipe", required = true, paramLabel = "FILE", description = "the SAM pretraining recipe")
        Path recipe;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "the run folder")
        Path out;

        @Override
        public Integer call() throws Exception {
            return parent.work.pretrain(this);
        }
    }

    static double[] numbers(String value, int min, int max) {
        String[] parts = value.split(",");
        if (parts.length < min || parts.length > max) {
            throw new TypeConversionException("takes " + min + (max > min ? " or " + max : "")
                    + " comma-separated numbers, got '" + value + "'");
        }
        double[] out = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                out[i] = Double.parseDouble(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new TypeConversionException("'" + parts[i] + "' is not a number");
            }
        }
        return out;
    }

    static final class PointConverter implements ITypeConverter<SamPrompting.Point> {
        @Override
        public SamPrompting.Point convert(String value) {
            double[] n = numbers(value, 2, 3);
            if (n.length == 3 && n[2] != 0 && n[2] != 1) {
                throw new TypeConversionException("a point's label is 1 (foreground) or 0 (background), got " + n[2]);
            }
            return new SamPrompting.Point(n[0], n[1], n.length < 3 || n[2] == 1);
        }
    }

    static final class BoxConverter implements ITypeConverter<SamPrompting.Box> {
        @Override
        public SamPrompting.Box convert(String value) {
            double[] n = numbers(value, 4, 4);
            return new SamPrompting.Box(n[0], n[1], n[2], n[3]);
        }
    }
}
