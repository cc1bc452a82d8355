package org.refvlm.trainer;

import java.util.List;
import org.refvlm.api.DecodedUnit;
import org.refvlm.api.RgbImage;
import org.refvlm.api.TaskCommand;

/**
 * One conversation turn ready for training: the picture, the turn's task command (null: none),
 * the user's prompt (without the image placeholder: the conversation template places the image),
 * the TRP answer, and for each phrase
 * group of the answer, in order, its unit, its number of {@code <REF>}s and its targets.
 */
public record TrainingExample(String id, RgbImage image, TaskCommand task, String prompt, String answer,
        List<Group> groups) {

    /**
     * @param unit       the group's unit word
     * @param references number of {@code <REF>} tokens the group writes
     * @param targets    ground truth for the decoder of that unit ({@code references} of them)
     */
    public record Group(String phrase, String unit, int references, List<DecodedUnit> targets) {
        public Group {
            targets = List.copyOf(targets);
        }
    }

    public TrainingExample {
        groups = List.copyOf(groups);
    }

    /** Number of {@code <REF>} tokens the answer must contain. */
    public int referenceCount() {
        return groups.stream().mapToInt(Group::references).sum();
    }
}
