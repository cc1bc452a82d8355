package org.refvlm.tensor.safetensors;

import java.io.IOException;
import java.util.List;

/**
 * A checkpoint does not fit the model: lists every missing, unexpected and wrong-shaped tensor
 * at once, so one run tells the user everything that is wrong.
 */
public class WeightMismatchException extends IOException {
    private static final long serialVersionUID = 1L;

    private final List<String> missing;
    private final List<String> unexpected;
    private final List<String> wrongShape;

    public WeightMismatchException(String what, List<String> missing, List<String> unexpected, List<String> wrongShape) {
        super(message(what, missing, unexpected, wrongShape));
        this.missing = List.copyOf(missing);
        this.unexpected = List.copyOf(unexpected);
        this.wrongShape = List.copyOf(wrongShape);
    }

    private static String message(String what, List<String> missing, List<String> unexpected, List<String> wrongShape) {
        StringBuilder sb = new StringBuilder("checkpoint does not match ").append(what).append(':');
        if (!missing.isEmpty()) {
            sb.append("\n  missing (").append(missing.size()).append("): ").append(String.join(", ", missing));
        }
        if (!unexpected.isEmpty()) {
            sb.append("\n  unexpected (").append(unexpected.size()).append("): ").append(String.join(", ", unexpected));
        }
        if (!wrongShape.isEmpty()) {
            sb.append("\n  wrong shape (").append(wrongShape.size()).append("): ").append(String.join(", ", wrongShape));
        }
        return sb.toString();
    }

    /** Expected tensor names absent from the checkpoint. */
    public List<String> missing() {
        return missing;
    }

    /** Checkpoint tensor names the model does not use (after prefix handling and ignore patterns). */
    public List<String> unexpected() {
        return unexpected;
    }

    /** "name: expected [..] found [..]" entries. */
    public List<String> wrongShape() {
        return wrongShape;
    }
}
