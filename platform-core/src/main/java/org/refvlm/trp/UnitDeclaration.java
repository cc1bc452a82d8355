package org.refvlm.trp;

import java.util.List;
import java.util.Objects;

/**
 * {@code <Unit>box, keypoint</Unit>[0]<REF>[1]<REF>}: how to decode (one unit word, or several for
 * a composite unit) and the references it governs. Indices restart at 0 for every declaration.
 *
 * @param units the unit words, trimmed, in text order; any word is allowed, known or not
 * @param references the references that follow the declaration
 * @param span from {@code <Unit>} to the end of the last reference (or of {@code </Unit>})
 */
public record UnitDeclaration(List<String> units, List<Reference> references, Span span) implements TrpNode {

    public UnitDeclaration {
        units = List.copyOf(units);
        references = List.copyOf(references);
        Objects.requireNonNull(span, "span");
    }

    /** A declaration of {@code units} with references {@code [0]..[count-1]}. */
    public static UnitDeclaration of(int count, String... units) {
        Reference[] refs = new Reference[count];
        for (int i = 0; i < count; i++) {
            refs[i] = Reference.of(i);
        }
        return new UnitDeclaration(List.of(units), List.of(refs), Span.NONE);
    }

    @Override
    public List<Reference> children() {
        return references;
    }
}
