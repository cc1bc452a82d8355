package org.refvlm.data;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One VT-Instruct sample: an image, its targets, the visual prompts the user gives, and the conversation.
 * Every turn of a sample belongs to the same task type (the reference model routes decoders per sample).
 *
 * @param id     unique within its file, stable for a seed or a source record
 * @param source where it came from, for example {@code synth}, {@code coco}, {@code refcoco}
 * @param meta   provenance as plain strings (original ids, split, scene seed); never read by training
 */
public record Sample(String id, String source, TaskType task, ImageRef image, Targets targets,
                     List<VisualPrompt> prompts, List<Turn> turns, Map<String, String> meta) {
    public Sample {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(targets, "targets");
        prompts = List.copyOf(prompts);
        turns = List.copyOf(turns);
        meta = Collections.unmodifiableMap(new LinkedHashMap<>(meta));
    }
}
