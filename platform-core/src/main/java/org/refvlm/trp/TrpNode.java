package org.refvlm.trp;

import java.util.List;

/**
 * A node of the TRP tree. The tree mirrors the text: serializing it gives back canonical TRP
 * text, and every node remembers the span of text it came from.
 *
 * <p>Nodes are immutable values. Two nodes are equal when their content and their spans are
 * equal; trees built in code carry {@link Span#NONE}.
 */
public sealed interface TrpNode permits Text, Phrase, UnitDeclaration, Reference, Group, TaskBlock {

    /** Where the node was in the parsed text. */
    Span span();

    /** The nodes directly inside this one, in text order; empty for leaves. */
    default List<? extends TrpNode> children() {
        return List.of();
    }
}
