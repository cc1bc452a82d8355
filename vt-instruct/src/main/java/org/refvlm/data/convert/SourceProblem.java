package org.refvlm.data.convert;

/** A source record that could not be converted: which file, where in it (line, or record number), and why. */
public record SourceProblem(String file, String location, String message) implements java.io.Serializable {
    @Override
    public String toString() {
        return file + ":" + location + ": " + message;
    }
}
