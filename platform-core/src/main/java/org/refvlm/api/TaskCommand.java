package org.refvlm.api;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * REF-VLM's task command: what kind of answer a turn asks for (the task name), which elements the
 * answer has ({@code sentence}, {@code phrase}, {@code unit}) and which units it may use. It goes
 * into the prompt before the user's text, so the same words ("where is the star?") can ask for a
 * box or for a mask. {@link #render()} writes it as the reference's chat template does.
 */
public record TaskCommand(String name, List<String> elements, List<String> units) {

    /** The commands REF-VLM's demo offers, by name. */
    private static final Map<String, TaskCommand> KNOWN = Map.ofEntries(
            known("vqa", List.of("sentence"), List.of()),
            known("grounding_detection", List.of("phrase"), List.of("box")),
            known("grounding_segmentation", List.of("phrase"), List.of("mask")),
            known("grounding_keypoints", List.of("phrase"), List.of("keypoint")),
            known("gcg_detection", List.of("phrase", "sentence"), List.of("box")),
            known("gcg_segmentation", List.of("phrase", "sentence"), List.of("mask")),
            known("detection", List.of("phrase"), List.of("box")),
            known("segmentation", List.of("phrase"), List.of("mask")),
            known("keypoint_detection", List.of("phrase"), List.of("keypoint")),
            known("depth", List.of("sentence", "phrase"), List.of("depth")),
            known("mixed_decoding", List.of("phrase", "sentence"), List.of("box", "keypoint", "mask")));

    private static Map.Entry<String, TaskCommand> known(String name, List<String> elements, List<String> units) {
        return Map.entry(name, new TaskCommand(name, elements, units));
    }

    public TaskCommand {
        Objects.requireNonNull(name, "name");
        elements = List.copyOf(elements);
        units = List.copyOf(units);
    }

    /** A command of the demo by name ({@code grounding_detection}, {@code gcg_segmentation}, ...). */
    public static Optional<TaskCommand> named(String name) {
        return Optional.ofNullable(KNOWN.get(name));
    }

    /** The names {@link #named} knows, sorted. */
    public static List<String> knownNames() {
        return KNOWN.keySet().stream().sorted().toList();
    }

    /**
     * The reference's text: {@code Task Command:}, the task name, the answer elements ({@code unit}
     * appended when units are used) and the units as {@code <Unit>box</Unit>}, or {@code None}.
     */
    public String render() {
        StringBuilder s = new StringBuilder("Task Command:\n- task name: ").append(name).append('\n');
        s.append("- answer element: ").append(String.join(", ", elements));
        if (!units.isEmpty()) {
            s.append(", unit");
        }
        s.append("\n- unit: ");
        if (units.isEmpty()) {
            s.append("None\n");
        } else {
            s.append(String.join(", ", units.stream().map(u -> "<Unit>" + u + "</Unit>").toList())).append("\n\n");
        }
        return s.toString();
    }
}
