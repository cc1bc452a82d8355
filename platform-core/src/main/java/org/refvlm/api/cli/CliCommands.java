package org.refvlm.api.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.List;

/** Runs a {@link CliCommand} inside a shell command method. */
public final class CliCommands {

    private CliCommands() {
    }

    /**
     * @throws ExitStatusException carrying the command's status when it is not 0; the command has
     *         written its own messages to {@code err}
     */
    public static void invoke(CliCommand command, List<String> args, InputStream in, PrintStream out, PrintStream err)
            throws Exception {
        int status = command.run(args, in, out, err);
        out.flush();
        err.flush();
        if (status != 0) {
            throw new ExitStatusException(status, null);
        }
    }
}
