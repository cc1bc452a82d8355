package org.refvlm.trp;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@code <REF>} with everything a decoder needs to know about it: which concept it belongs to,
 * how to decode it and which instance it is. This is what the streaming parser reports the moment
 * a {@code <REF>} is generated, so its hidden state can be captured with this context.
 *
 * @param ordinal position among all references of the answer (0-based, text order)
 * @param phrasePath ordinals of the phrases the reference belongs to, outermost first: the phrases
 *     enclosing it, then the phrase it grounds (see {@link TrpDocument#phrases()} for ordinals)
 * @param phrase the phrase the reference grounds, if its grounding follows a phrase
 * @param units the unit words of the governing declaration; empty for a reference without unit
 * @param unitOrdinal ordinal of the governing unit declaration among all declarations, or -1
 * @param index the {@code [i]} index, or {@link Reference#NO_INDEX}
 * @param tokenPosition position of the token that completed {@code <REF>} when streaming,
 *     or -1 when the text was parsed whole
 * @param span the text of the reference
 */
public record ResolvedReference(
        int ordinal,
        List<Integer> phrasePath,
        Optional<Phrase> phrase,
        List<String> units,
        int unitOrdinal,
        int index,
        int tokenPosition,
        Span span) {

    public ResolvedReference {
        phrasePath = List.copyOf(phrasePath);
        Objects.requireNonNull(phrase, "phrase");
        units = List.copyOf(units);
        Objects.requireNonNull(span, "span");
    }

    /** Whether a unit declaration governs this reference. */
    public boolean hasUnit() {
        return unitOrdinal >= 0;
    }

    /** The same reference as it would be reported by parsing the whole text. */
    public ResolvedReference withoutTokenPosition() {
        return new ResolvedReference(ordinal, phrasePath, phrase, units, unitOrdinal, index, -1, span);
    }
}
