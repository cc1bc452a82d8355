package org.refvlm.trp.internal;

import java.util.Arrays;
import org.refvlm.trp.LineIndex;
import org.refvlm.trp.SourcePosition;

/** A {@link LineIndex} that grows while the lexer reads, so streamed text gets line numbers too. */
final class LineTracker implements LineIndex {

    private int[] lineStarts = new int[64];
    private int lineCount = 1;

    /** Records that a line starts at {@code offset} (the character after a {@code '\n'}). */
    void lineStartsAt(int offset) {
        if (lineCount == lineStarts.length) {
            lineStarts = Arrays.copyOf(lineStarts, lineCount * 2);
        }
        lineStarts[lineCount++] = offset;
    }

    @Override
    public SourcePosition position(int offset) {
        return LineIndex.positionIn(lineStarts, lineCount, offset);
    }
}
