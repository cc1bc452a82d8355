package org.refvlm.trainer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.refvlm.api.DecodedUnit;
import org.refvlm.api.RgbImage;
import org.refvlm.api.TaskCommand;
import org.refvlm.api.VisualPrompt;

/**
 * One conversation turn ready for training: the picture, the turn's task command (null: none),
 * the user's prompt (without the image placeholder: the conversation template places the image;
 * one {@code <region>} per visual prompt), the turn's visual prompts in original-image pixels, the
 * TRP answer, and for each phrase group of the answer, in order, its unit(s), its number of
 * {@code <REF>}s and its targets; and, where the data knows it, what the picture shows where in
 * words ({@link PictureWords}; null when unknown, as for data read from files).
 */
public record TrainingExample(String id, RgbImage image, TaskCommand task, String prompt, String answer,
        List<Group> groups, List<VisualPrompt> prompts, PictureWords pictureWords) {

    /**
     * @param units      the group's unit words: one, or several for a composite unit
     *                   ({@code box, keypoint}: every {@code <REF>} of the group is decoded by each)
     * @param references number of {@code <REF>} tokens the group writes
     * @param targets    per unit, the ground truth for the decoder of that unit ({@code references}
     *                   of them); a unit the data has no targets for is absent
     */
    public record Group(String phrase, List<String> units, int references, Map<String, List<DecodedUnit>> targets) {
        public Group {
            units = List.copyOf(units);
            Map<String, List<DecodedUnit>> copy = new LinkedHashMap<>();
            for (Map.Entry<String, List<DecodedUnit>> e : targets.entrySet()) {
                String unit = e.getKey();
                List<DecodedUnit> t = e.getValue();
                if (!units.contains(unit)) {
                    throw new IllegalArgumentException("phrase '" + phrase + "' has targets for unit " + unit
                            + " but declares only " + units);
                }
                if (t.size() != references) {
                    throw new IllegalArgumentException("phrase '" + phrase + "' writes " + references + " <REF>(s) but has "
                            + t.size() + " " + unit + " target(s)");
                }
                copy.put(unit, List.copyOf(t));
            }
            targets = java.util.Collections.unmodifiableMap(copy);
        }

        /** A group of one unit; {@code targets} empty when the data has none for it. */
        public static Group of(String phrase, String unit, int references, List<DecodedUnit> targets) {
            return new Group(phrase, List.of(unit), references, targets.isEmpty() ? Map.of() : Map.of(unit, targets));
        }
    }

    public TrainingExample {
        groups = List.copyOf(groups);
        prompts = List.copyOf(prompts);
    }

    /** A turn whose picture's words are unknown. */
    public TrainingExample(String id, RgbImage image, TaskCommand task, String prompt, String answer,
            List<Group> groups, List<VisualPrompt> prompts) {
        this(id, image, task, prompt, answer, groups, prompts, null);
    }

    /** A turn without visual prompts. */
    public TrainingExample(String id, RgbImage image, TaskCommand task, String prompt, String answer, List<Group> groups) {
        this(id, image, task, prompt, answer, groups, List.of());
    }

    /** This turn with what its picture shows where. */
    public TrainingExample withPictureWords(PictureWords words) {
        return new TrainingExample(id, image, task, prompt, answer, groups, prompts, words);
    }

    /** This turn with another user prompt (the same visual prompts, so as many {@code <region>}s). */
    public TrainingExample withPrompt(String newPrompt) {
        return new TrainingExample(id, image, task, newPrompt, answer, groups, prompts, pictureWords);
    }

    /** Number of {@code <REF>} tokens the answer must contain. */
    public int referenceCount() {
        return groups.stream().mapToInt(Group::references).sum();
    }
}
