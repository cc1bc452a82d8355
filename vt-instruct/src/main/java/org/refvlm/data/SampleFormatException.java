package org.refvlm.data;

/** A record that is not a valid sample; the message says what is wrong, the reader adds file and line. */
public class SampleFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    public SampleFormatException(String message) {
        super(message);
    }

    public SampleFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
