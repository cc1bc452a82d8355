package org.refvlm.core.internal.router;

import java.util.List;

/**
 * The references of one unit declaration: {@code <Phrase>dog</Phrase>(<Unit>box</Unit>[0]<REF>[1]<REF>)}
 * is one group of two references. Matching in training happens inside a group; at inference
 * every unit of the group is decoded by the decoder installed for it.
 *
 * @param ordinal    the unit declaration's ordinal in the answer
 * @param phrase     plain text of the phrase the group refers to ("" when none)
 * @param units      its unit words; several for a composite unit such as {@code box, keypoint}
 * @param references its references, in order
 */
public record ReferringGroup(int ordinal, String phrase, List<String> units, List<CapturedReference> references) {

    public ReferringGroup {
        units = List.copyOf(units);
        references = List.copyOf(references);
    }
}
