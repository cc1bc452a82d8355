package org.refvlm.trp.internal;

import java.util.ArrayList;
import java.util.List;
import org.refvlm.trp.Phrase;
import org.refvlm.trp.Reference;
import org.refvlm.trp.Span;
import org.refvlm.trp.UnitDeclaration;

/** A unit declaration that has been read and may still collect references. */
final class OpenBinding {

    final int ordinal;
    final List<String> units;
    final int start;
    int end;
    final List<Reference> references = new ArrayList<>();
    final Phrase grounded;
    final int groundedOrdinal;

    OpenBinding(int ordinal, List<String> units, int start, int end, Phrase grounded, int groundedOrdinal) {
        this.ordinal = ordinal;
        this.units = units;
        this.start = start;
        this.end = end;
        this.grounded = grounded;
        this.groundedOrdinal = groundedOrdinal;
    }

    void add(Reference reference) {
        references.add(reference);
        end = reference.span().end();
    }

    UnitDeclaration toNode() {
        return new UnitDeclaration(units, references, new Span(start, end));
    }
}
