package org.refvlm.data;

import java.util.List;

/** A phrase with its unit group as found by {@link TrpStrictChecker} in an answer string. */
public record TrpGroup(String phrase, List<Unit> units, int refCount) {
    public TrpGroup {
        units = List.copyOf(units);
    }
}
