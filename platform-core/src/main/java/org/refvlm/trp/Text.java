package org.refvlm.trp;

import java.util.Objects;

/**
 * Free text between markup, kept verbatim (whitespace included).
 *
 * @param text the characters, never empty in a parsed tree
 */
public record Text(String text, Span span) implements TrpNode {

    public Text {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(span, "span");
    }

    public static Text of(String text) {
        return new Text(text, Span.NONE);
    }

    public boolean isBlank() {
        return text.isBlank();
    }
}
