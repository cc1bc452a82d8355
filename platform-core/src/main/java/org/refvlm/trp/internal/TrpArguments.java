package org.refvlm.trp.internal;

import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The command line of {@code trp}; {@link #call} hands the parsed arguments to the command's work. */
@Command(name = "trp", sortOptions = false,
        description = "Parses TRP text (a REF-VLM answer) and prints its tree as JSON on standard output.",
        footer = "Exit status: 0 well formed, 1 not well formed (strict mode; diagnostics on standard error), "
                + "2 usage error or unreadable input.")
public final class TrpArguments implements Callable<Integer> {

    /** What {@code trp} does with its arguments. */
    @FunctionalInterface
    public interface Work {
        int run(TrpArguments arguments) throws Exception;
    }

    @Option(names = "--lenient", description = "read it as model output: problems are reported in the JSON and on "
            + "standard error, and the exit status is 0")
    public boolean lenient;

    @Option(names = "--tokens", description = "the input is a JSON array of decoded token strings, parsed as a stream, "
            + "so references carry token positions")
    public boolean tokens;

    @Option(names = "--units", paramLabel = "LIST", split = ",",
            description = "comma-separated units the installed decoders handle; other units are reported as UNKNOWN_UNIT")
    public Set<String> units;

    @Option(names = "--installed", description = "(platform shell only) check units against the decoders running now")
    public boolean installed;

    @Parameters(paramLabel = "<file | ->", description = "the text to parse; - reads standard input (UTF-8)")
    public String input;

    private final Work work;

    public TrpArguments(Work work) {
        this.work = work;
    }

    @Override
    public Integer call() throws Exception {
        return work.run(this);
    }
}
