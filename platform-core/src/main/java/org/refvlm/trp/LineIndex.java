package org.refvlm.trp;

import java.util.Arrays;

/**
 * Turns character offsets into line and column numbers. Lines end at {@code '\n'}, so
 * {@code "\r\n"} files count lines correctly and the {@code '\r'} is the last column of its line.
 */
public interface LineIndex {

    /** A line index that knows no text: every position is {@link SourcePosition#UNKNOWN}. */
    LineIndex NONE = offset -> SourcePosition.UNKNOWN;

    /** The position of {@code offset}, or {@link SourcePosition#UNKNOWN} for a negative offset. */
    SourcePosition position(int offset);

    /** A line index over a complete text. */
    static LineIndex of(CharSequence text) {
        int[] starts = new int[16];
        int lines = 1;
        for (int i = 0, n = text.length(); i < n; i++) {
            if (text.charAt(i) == '\n') {
                if (lines == starts.length) {
                    starts = Arrays.copyOf(starts, lines * 2);
                }
                starts[lines++] = i + 1;
            }
        }
        int[] lineStarts = starts;
        int count = lines;
        return offset -> positionIn(lineStarts, count, offset);
    }

    /**
     * Looks {@code offset} up in the sorted array of line start offsets; shared with the
     * incremental index the parser keeps while it reads.
     */
    static SourcePosition positionIn(int[] lineStarts, int lineCount, int offset) {
        if (offset < 0) {
            return SourcePosition.UNKNOWN;
        }
        int found = Arrays.binarySearch(lineStarts, 0, lineCount, offset);
        int line = found >= 0 ? found : -found - 2;
        return new SourcePosition(offset, line + 1, offset - lineStarts[line] + 1);
    }
}
