package org.refvlm.spark;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;
import org.refvlm.cli.CommandLines;
import org.refvlm.spark.convert.ConvertJob;
import org.refvlm.spark.eval.EvalJob;
import org.refvlm.trainer.eval.EvalCommandLine;
import org.refvlm.spark.synth.SynthJob;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Entry point of {@code bin/refvlm-spark} and of {@code spark-submit --class org.refvlm.spark.SparkMain}:
 * the {@code synth}, {@code convert} and {@code eval} jobs as picocli subcommands, each taking the
 * arguments of its single-machine command plus {@code --master} and {@code --partitions}.
 * Exit statuses as every refvlm command: 0 ok, 1 failure, 2 usage error.
 */
@Command(name = "refvlm-spark", description = "refvlm's data and evaluation jobs on Apache Spark.")
public final class SparkMain implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    public int run(List<String> args, PrintStream out, PrintStream err) {
        CommandLine line = new CommandLine(this);
        line.addSubcommand(new SynthJob().streams(out, err));
        line.addSubcommand(ConvertJob.command(out, err));
        line.addSubcommand(new EvalJob().streams(out, err));
        // the job takes every option of bin/refvlm eval: its help shows them
        line.getSubcommands().get("eval").getCommandSpec().usageMessage()
                .footer("%nThe arguments of 'eval', which every shard and the scoring run receive:%n%n"
                        + EvalCommandLine.usage().replace("%", "%%"));
        return CommandLines.execute(CommandLines.configure(line, out, err), args);
    }

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "name a job: synth, convert or eval");
    }

    public static void main(String[] args) {
        System.exit(new SparkMain().run(List.of(args), System.out, System.err));
    }
}
