package org.refvlm.data;

import java.util.List;

/** Result of checking one answer: the problems found (empty if it is valid) and the phrase groups read. */
public record TrpCheck(List<String> problems, List<TrpGroup> groups, boolean hasTaskBlock) {
    public TrpCheck {
        problems = List.copyOf(problems);
        groups = List.copyOf(groups);
    }

    public boolean ok() {
        return problems.isEmpty();
    }
}
