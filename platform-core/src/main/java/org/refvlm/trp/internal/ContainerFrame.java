package org.refvlm.trp.internal;

import java.util.ArrayList;
import java.util.List;
import org.refvlm.trp.Phrase;
import org.refvlm.trp.Span;
import org.refvlm.trp.Text;
import org.refvlm.trp.TrpNode;

/** The document or an open phrase: holds text and every kind of node. */
final class ContainerFrame extends Frame {

    /** Ordinal of the phrase, or -1 for the document. */
    final int phraseOrdinal;
    final List<TrpNode> children = new ArrayList<>();

    /** Text read since the last node, joined into one {@code Text} node when the next node comes. */
    private final StringBuilder text = new StringBuilder();
    private int textStart;

    /**
     * The phrase a grounding read now would ground: the last child phrase, as long as only
     * whitespace and other groundings have followed it.
     */
    Phrase groundable;
    int groundableOrdinal = -1;

    ContainerFrame(int start, int phraseOrdinal) {
        super(start);
        this.phraseOrdinal = phraseOrdinal;
    }

    boolean isPhrase() {
        return phraseOrdinal >= 0;
    }

    void appendText(CharSequence chars, int from, int to, int offset) {
        if (text.length() == 0) {
            textStart = offset;
        }
        text.append(chars, from, to);
    }

    /** Ends the current text node, so that the next node or text starts a new one. */
    void flushText() {
        if (text.length() > 0) {
            children.add(new Text(text.toString(), new Span(textStart, textStart + text.length())));
            text.setLength(0);
        }
    }

    void add(TrpNode node) {
        flushText();
        children.add(node);
    }

    void forgetGroundable() {
        groundable = null;
        groundableOrdinal = -1;
    }
}
