package org.refvlm.trp;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An answer as a reader sees it: the text without markup, task block or groundings, with the
 * character span of every phrase in that text. Captioning and grounded-conversation metrics
 * compare this text with references and use the spans to match phrases.
 *
 * <p>Nothing is rewritten: spaces around removed groundings stay, so every span is exact. Only
 * the whitespace between the task block and the answer is left out.
 *
 * @param text the plain text
 * @param phrases every phrase in ordinal order
 */
public record PlainText(String text, List<PhraseSpan> phrases) {

    public PlainText {
        Objects.requireNonNull(text, "text");
        phrases = List.copyOf(phrases);
    }

    /** The plain text of {@code phrase}. */
    public String textOf(PhraseSpan phrase) {
        return text.substring(phrase.start(), phrase.end());
    }

    public static PlainText of(TrpDocument document) {
        Builder builder = new Builder();
        builder.append(document.nodes(), 0);
        return new PlainText(builder.text.toString(), builder.phrases);
    }

    private static final class Builder {
        private final StringBuilder text = new StringBuilder();
        private final List<PhraseSpan> phrases = new ArrayList<>();
        private boolean afterTask;

        void append(List<? extends TrpNode> nodes, int depth) {
            for (TrpNode node : nodes) {
                if (node instanceof Text t) {
                    String s = t.text();
                    if (afterTask) {
                        s = s.stripLeading();
                        afterTask = s.isEmpty();
                    }
                    text.append(s);
                } else if (node instanceof Phrase phrase) {
                    afterTask = false;
                    int slot = phrases.size();
                    phrases.add(null); // keeps ordinal order: outer phrases before the ones inside
                    int start = text.length();
                    append(phrase.children(), depth + 1);
                    phrases.set(slot, new PhraseSpan(slot, depth, start, text.length(), phrase.span()));
                } else if (node instanceof TaskBlock && depth == 0) {
                    afterTask = true;
                }
            }
        }
    }
}
