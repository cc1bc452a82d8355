package org.refvlm.tensor.safetensors;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A safetensors file (or shard index) that is truncated or malformed. The message always names
 * the file, the tensor when one is concerned, and the problem, so a user can tell a bad download
 * from a wrong checkpoint.
 */
public class SafetensorsFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final String tensor;
    private final String problem;

    public SafetensorsFormatException(Path file, String tensor, String problem) {
        super(format(file, tensor, problem));
        this.file = file;
        this.tensor = tensor;
        this.problem = problem;
    }

    public SafetensorsFormatException(Path file, String tensor, String problem, Throwable cause) {
        super(format(file, tensor, problem), cause);
        this.file = file;
        this.tensor = tensor;
        this.problem = problem;
    }

    private static String format(Path file, String tensor, String problem) {
        return "safetensors file " + file + (tensor == null ? "" : ", tensor '" + tensor + "'") + ": " + problem;
    }

    /** The file concerned. */
    public Path file() {
        return file;
    }

    /** The tensor concerned, or null when the problem is with the file as a whole. */
    public String tensor() {
        return tensor;
    }

    /** The problem alone, without file and tensor. */
    public String problem() {
        return problem;
    }
}
