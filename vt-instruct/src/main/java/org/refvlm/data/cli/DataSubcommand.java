package org.refvlm.data.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;
import org.refvlm.cli.CommandLines;

/**
 * What the {@code data} subcommands share: the streams their work writes to, given when one runs
 * alone ({@link #run}) or when {@link DataCommand} adds it as a subcommand ({@link #streams}).
 */
abstract class DataSubcommand implements Callable<Integer> {

    PrintStream out = System.out;
    PrintStream err = System.err;

    /** Streams for {@link #call} when picocli runs this as a subcommand of {@code data}. */
    DataSubcommand streams(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
        return this;
    }

    /** Parses {@code args} as this command's and runs it; the exit status of {@link CommandLines}. */
    public int run(List<String> args, PrintStream out, PrintStream err) {
        return CommandLines.run(streams(out, err), args, out, err);
    }
}
