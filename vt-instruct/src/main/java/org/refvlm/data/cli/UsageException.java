package org.refvlm.data.cli;

/** Wrong command line; the command prints the message and its usage and exits with 2. */
final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
