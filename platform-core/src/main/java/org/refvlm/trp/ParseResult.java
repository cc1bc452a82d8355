package org.refvlm.trp;

import java.util.List;
import java.util.Objects;

/**
 * What parsing produced.
 *
 * @param document the tree of the well-formed part of the text
 * @param diagnostics every problem found, ordered by position
 * @param references every {@code <REF>} with its phrase, unit and index, in text order
 */
public record ParseResult(TrpDocument document, List<Diagnostic> diagnostics, List<ResolvedReference> references) {

    public ParseResult {
        Objects.requireNonNull(document, "document");
        diagnostics = List.copyOf(diagnostics);
        references = List.copyOf(references);
    }

    /** Whether the text had no problem at all. */
    public boolean isWellFormed() {
        return diagnostics.isEmpty();
    }

    /** The answer without markup, with the span of every phrase in it. */
    public PlainText plainText() {
        return PlainText.of(document);
    }
}
