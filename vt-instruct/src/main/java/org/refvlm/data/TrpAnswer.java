package org.refvlm.data;

import java.util.List;

/** An answer string in TRP together with the phrase groups that say which targets its {@code <REF>}s are. */
public record TrpAnswer(String text, List<PhraseGroup> groups) {
    public TrpAnswer {
        groups = List.copyOf(groups);
    }
}
