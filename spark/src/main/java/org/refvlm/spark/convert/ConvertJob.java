package org.refvlm.spark.convert;

import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code refvlm-spark convert coco|refcoco|flickr30k|vqav2}: the samples {@code bin/refvlm data convert}
 * writes for the same arguments, converted over Spark partitions into shards {@code <stem>-<p>.jsonl} that,
 * read in name order, are its {@code <stem>.jsonl}; the same report of skipped records. What a part is
 * differs per source: see {@link CocoJob}, {@link RefCocoJob}, {@link Flickr30kJob}, {@link VqaV2Job}.
 */
@Command(name = "convert", description = "Converts public datasets over Spark partitions: coco, refcoco, flickr30k "
        + "or vqav2; same arguments and samples as 'data convert', plus --master and --partitions.")
public final class ConvertJob implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    /** The command with its four sources, which report to {@code out} and {@code err}. */
    public static CommandLine command(PrintStream out, PrintStream err) {
        CommandLine line = new CommandLine(new ConvertJob());
        line.addSubcommand(new CocoJob().streams(out, err));
        line.addSubcommand(new RefCocoJob().streams(out, err));
        line.addSubcommand(new Flickr30kJob().streams(out, err));
        line.addSubcommand(new VqaV2Job().streams(out, err));
        return line;
    }

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "name a source: coco, refcoco, flickr30k or vqav2");
    }
}
