package org.refvlm.trp;

import java.util.List;
import java.util.Objects;

/**
 * {@code ( member, member, ... )}: a bracketed grounding. Members are unit declarations, nested
 * groups and (in malformed text) stray references. The paper's Figure 1(c) form
 * {@code ((<Unit>box</Unit>[0]<REF>[1]<REF>),<Unit>box</Unit>[0]<REF>)} is a group whose members
 * are a group and a unit declaration: the same concept referred to at two granularities.
 *
 * @param members the members in text order
 * @param span from {@code (} to the end of {@code )}
 */
public record Group(List<TrpNode> members, Span span) implements TrpNode {

    public Group {
        members = List.copyOf(members);
        for (TrpNode member : members) {
            if (!(member instanceof UnitDeclaration || member instanceof Group || member instanceof Reference)) {
                throw new IllegalArgumentException("a group cannot hold " + member.getClass().getSimpleName());
            }
        }
        Objects.requireNonNull(span, "span");
    }

    public static Group of(TrpNode... members) {
        return new Group(List.of(members), Span.NONE);
    }

    @Override
    public List<TrpNode> children() {
        return members;
    }
}
