package org.refvlm.trp;

import java.util.List;
import java.util.Objects;

/**
 * {@code <Phrase>...</Phrase>}: a visual concept. Its content is free text and may nest further
 * phrases and groundings, as in {@code <Phrase><Phrase>dog</Phrase> in <Phrase>park</Phrase></Phrase>}.
 *
 * @param children the content between the tags
 * @param span from {@code <Phrase>} to the end of {@code </Phrase>}
 */
public record Phrase(List<TrpNode> children, Span span) implements TrpNode {

    public Phrase {
        children = List.copyOf(children);
        Objects.requireNonNull(span, "span");
    }

    public static Phrase of(TrpNode... children) {
        return new Phrase(List.of(children), Span.NONE);
    }

    public static Phrase of(String text) {
        return of(Text.of(text));
    }

    /** The phrase as a reader sees it: its text and that of nested phrases, without markup. */
    public String plainText() {
        StringBuilder out = new StringBuilder();
        appendPlainText(this, out);
        return out.toString();
    }

    private static void appendPlainText(Phrase phrase, StringBuilder out) {
        for (TrpNode child : phrase.children) {
            if (child instanceof Text text) {
                out.append(text.text());
            } else if (child instanceof Phrase nested) {
                appendPlainText(nested, out);
            }
        }
    }
}
