package org.refvlm.data;

import java.util.List;
import java.util.Objects;

/**
 * The system-side task command of one turn: the task name the model is told (for example
 * {@code grounding_detection}), the answer elements ({@code sentence}, {@code phrase}, {@code unit}) and the
 * units it may use. Mirrors the reference's "Task Command" so the chat template can be rebuilt byte-exact.
 */
public record TaskHint(String taskName, List<String> elements, List<Unit> units) {
    public TaskHint {
        Objects.requireNonNull(taskName, "taskName");
        elements = List.copyOf(elements);
        units = List.copyOf(units);
    }

    public boolean usesUnits() {
        return !units.isEmpty();
    }
}
