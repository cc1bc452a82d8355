package org.refvlm.data;

import java.util.List;
import java.util.Objects;

/**
 * One exchange: the system task hint, the user's text (with {@code <image>} in the first turn and one
 * {@code <region>} per visual prompt it refers to), the indices of those prompts in
 * {@link Sample#prompts()}, the answer in TRP, and the phrase groups that map each {@code <REF>} of the
 * answer to targets, in the order the phrases with units appear in the answer.
 */
public record Turn(TaskHint hint, String user, List<Integer> prompts, String answer, List<PhraseGroup> groups) {
    public Turn {
        Objects.requireNonNull(hint, "hint");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(answer, "answer");
        prompts = List.copyOf(prompts);
        groups = List.copyOf(groups);
    }
}
