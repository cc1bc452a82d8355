package org.refvlm.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Runs a picocli command the way every refvlm command runs: the same {@code -h, --help}, the
 * same error shape and the launcher's exit statuses.
 *
 * <ul>
 * <li>{@code -h} / {@code --help} on any command or subcommand prints its usage on {@code out}, status 0;</li>
 * <li>a usage error prints {@code <command>: <problem>} and the usage on {@code err}, status {@link #USAGE};</li>
 * <li>a failure of the work prints {@code <command>: <message>} on {@code err}, status {@link #FAILED};</li>
 * <li>a command's {@code call()} returns its own status (0, or 1 when it has reported a problem itself).</li>
 * </ul>
 *
 * <p>Commands are classes annotated with picocli's {@code @Command}, implementing
 * {@code Callable<Integer>}. This class and picocli are embedded privately by every bundle that
 * has commands (bnd {@code -conditionalpackage: picocli, org.refvlm.cli}), so no picocli type
 * crosses a bundle boundary.
 */
public final class CommandLines {

    /** The command did its work. */
    public static final int OK = 0;
    /** The work failed; the command said why on standard error. */
    public static final int FAILED = 1;
    /** The arguments were wrong; the command said which and printed its usage. */
    public static final int USAGE = 2;

    private CommandLines() {
    }

    /**
     * Parses {@code args} into {@code command} and runs it.
     *
     * @param command an {@code @Command}-annotated {@code Callable<Integer>} (or {@code Runnable})
     * @return {@link #OK}, {@link #FAILED}, {@link #USAGE} or the command's own status
     */
    public static int run(Object command, List<String> args, PrintStream out, PrintStream err) {
        return execute(configure(new CommandLine(command), out, err), args);
    }

    /**
     * Runs a command line built by hand (e.g. with subcommand instances added) and configured by
     * {@link #configure}.
     */
    public static int execute(CommandLine configured, List<String> args) {
        int status = configured.execute(args.toArray(String[]::new));
        configured.getOut().flush();
        configured.getErr().flush();
        return status;
    }

    /**
     * Gives {@code line} and its subcommands (add them first) the conventions: help option,
     * streams, plain text, the error shape and the exit statuses.
     */
    public static CommandLine configure(CommandLine line, PrintStream out, PrintStream err) {
        addHelp(line);
        line.setOut(new PrintWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8), true));
        line.setErr(new PrintWriter(new java.io.OutputStreamWriter(err, StandardCharsets.UTF_8), true));
        line.setColorScheme(Help.defaultColorScheme(Help.Ansi.OFF));
        line.setUsageHelpAutoWidth(false);
        line.setUsageHelpWidth(100);
        line.setParameterExceptionHandler((e, arguments) -> {
            CommandLine failed = e.getCommandLine();
            failed.getErr().println(failed.getCommandSpec().qualifiedName() + ": " + e.getMessage());
            failed.usage(failed.getErr());
            return USAGE;
        });
        line.setExecutionExceptionHandler((e, failed, parsed) -> {
            failed.getErr().println(failed.getCommandSpec().qualifiedName() + ": " + message(e));
            return FAILED;
        });
        return line;
    }

    /** Every command and subcommand gets the same help option, whether or not it declares one. */
    private static void addHelp(CommandLine line) {
        CommandSpec spec = line.getCommandSpec();
        if (spec.findOption("--help") == null) {
            spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true)
                    .description("print this help and exit").build());
        }
        for (CommandLine sub : line.getSubcommands().values()) {
            addHelp(sub);
        }
    }

    /** The message a user reads: the exception's own, which in refvlm names the file and the problem. */
    static String message(Throwable e) {
        Throwable t = e;
        while ((t instanceof InvocationTargetException || t instanceof CommandLine.ExecutionException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }
}
