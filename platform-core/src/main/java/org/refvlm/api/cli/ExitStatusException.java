package org.refvlm.api.cli;

/**
 * How a shell command reports a non-zero exit status to {@code bin/refvlm}, which exits with
 * {@link #exitCode()}. Without a message the command has already said what went wrong.
 */
public final class ExitStatusException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private final int exitCode;

    public ExitStatusException(int exitCode, String message) {
        super(message, null, false, false);
        if (exitCode == 0) {
            throw new IllegalArgumentException("exit status 0 is not a failure");
        }
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
