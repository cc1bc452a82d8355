package org.refvlm.data.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;
import org.refvlm.cli.CommandLines;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Entry point of {@code refvlm data ...}: synth, convert, check and show as picocli subcommands.
 * Exit codes: 0 ok, 1 failure, 2 usage error.
 */
@Command(name = "data", description = "VT-Instruct data: generate, convert, check and draw samples.")
public final class DataCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    public int run(List<String> args, PrintStream out, PrintStream err) {
        CommandLine line = new CommandLine(this);
        line.addSubcommand(new SynthCommand().streams(out, err));
        line.addSubcommand(new ConvertCommand().streams(out, err));
        line.addSubcommand(new CheckCommand().streams(out, err));
        line.addSubcommand(new ShowCommand().streams(out, err));
        return CommandLines.execute(CommandLines.configure(line, out, err), args);
    }

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "name a command: synth, convert, check or show");
    }

    /** For running the commands from a plain JVM (the platform wires {@link #run} into its own launcher). */
    public static void main(String[] args) {
        System.exit(new DataCommand().run(List.of(args), System.out, System.err));
    }
}
