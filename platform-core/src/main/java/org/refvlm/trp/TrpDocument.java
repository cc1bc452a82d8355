package org.refvlm.trp;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A whole TRP answer: an optional {@link TaskBlock} followed by text, phrases and groundings.
 *
 * @param nodes the top-level nodes in text order
 */
public record TrpDocument(List<TrpNode> nodes) {

    public TrpDocument {
        nodes = List.copyOf(nodes);
    }

    public static TrpDocument of(TrpNode... nodes) {
        return new TrpDocument(List.of(nodes));
    }

    /** The first top-level task block, if there is one. */
    public Optional<TaskBlock> task() {
        for (TrpNode node : nodes) {
            if (node instanceof TaskBlock task) {
                return Optional.of(task);
            }
        }
        return Optional.empty();
    }

    /** Every phrase in text order of its opening tag (outer before inner); list index = phrase ordinal. */
    public List<Phrase> phrases() {
        List<Phrase> out = new ArrayList<>();
        collectPhrases(nodes, out);
        return out;
    }

    private static void collectPhrases(List<? extends TrpNode> nodes, List<Phrase> out) {
        for (TrpNode node : nodes) {
            if (node instanceof Phrase phrase) {
                out.add(phrase);
                collectPhrases(phrase.children(), out);
            }
        }
    }
}
