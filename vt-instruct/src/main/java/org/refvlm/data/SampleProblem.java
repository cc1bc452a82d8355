package org.refvlm.data;

/** A record that was skipped, with where it is: file name and 1-based line number. */
public record SampleProblem(String file, long line, String message) {
    @Override
    public String toString() {
        return file + ":" + line + ": " + message;
    }
}
