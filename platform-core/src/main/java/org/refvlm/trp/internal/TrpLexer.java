package org.refvlm.trp.internal;

/**
 * Splits TRP text into lexical tokens. It is push-based: text may arrive in pieces of any size
 * (a whole document, or one model token at a time, even half a tag), and the tokens it reports
 * do not depend on where the pieces were cut, apart from text and whitespace runs being reported
 * in several parts. That property is what makes streaming and whole-text parsing agree.
 *
 * <p>When a piece holds a whole tag or index, it is matched in place; otherwise its characters
 * are collected across pieces. Either way each character is looked at a bounded number of times
 * (at most a tag's length), so the lexer is linear in the input.
 */
final class TrpLexer {

    /** More digits than this cannot be an index (and would overflow an int). */
    private static final int MAX_INDEX_DIGITS = 9;

    private enum State { TEXT, TAG, INDEX }

    private final LexerSink sink;
    private final LineTracker lines;

    private State state = State.TEXT;
    /** Characters of an unfinished tag or index candidate, kept across pieces. */
    private final StringBuilder partial = new StringBuilder(16);
    private int partialOffset;
    private int tagCandidates;
    private int indexValue;
    /** Absolute offset of the first character of the piece being read. */
    private int base;

    TrpLexer(LexerSink sink, LineTracker lines) {
        this.sink = sink;
        this.lines = lines;
    }

    /** Number of characters read so far. */
    int offset() {
        return base;
    }

    void feed(CharSequence piece) {
        int n = piece.length();
        int i = 0;
        while (i < n) {
            switch (state) {
                case TEXT -> i = readText(piece, i, n);
                case TAG -> i = readTag(piece, i, n);
                case INDEX -> i = readIndex(piece, i, n);
                default -> throw new AssertionError(state);
            }
        }
        base += n;
    }

    /** The input is complete: whatever candidate is unfinished is text. */
    void finish() {
        if (state == State.TAG) {
            sink.unfinishedTag(partial, partialOffset);
        } else if (state == State.INDEX) {
            sink.text(partial, 0, partial.length(), partialOffset);
        }
        state = State.TEXT;
        partial.setLength(0);
    }

    private int readText(CharSequence s, int i, int n) {
        while (i < n) {
            char c = s.charAt(i);
            if (isWhitespace(c)) {
                int start = i;
                do {
                    if (c == '\n') {
                        lines.lineStartsAt(base + i + 1);
                    }
                    i++;
                } while (i < n && isWhitespace(c = s.charAt(i)));
                sink.whitespace(s, start, i, base + start);
                continue;
            }
            switch (c) {
                case '<' -> {
                    // Fast path: the piece holds enough to decide. When no tag starts here, the
                    // '<' is text and the characters after it are read normally, which gives the
                    // same text as the character-by-character path below.
                    int found = Tag.at(s, i, n);
                    if (found >= 0) {
                        Tag tag = Tag.ofOrdinal(found);
                        sink.tag(tag, base + i);
                        i += tag.length();
                        continue;
                    }
                    if (found == Tag.NO_TAG) {
                        sink.text(s, i, i + 1, base + i);
                        i++;
                        continue;
                    }
                    startCandidate(State.TAG, c, i);
                    tagCandidates = Tag.narrow(Tag.ANY, 0, c);
                    return i + 1;
                }
                case '[' -> {
                    int end = completeIndexEnd(s, i, n);
                    if (end > 0) {
                        sink.index(indexValue, base + i, end - i);
                        i = end;
                        continue;
                    }
                    startCandidate(State.INDEX, c, i);
                    indexValue = 0;
                    return i + 1;
                }
                case '(', ')', ',' -> {
                    sink.punctuation(c, base + i);
                    i++;
                }
                default -> {
                    // Prose: ordinary characters with the whitespace between them, in one token.
                    // Whitespace only matters next to markup, and markup ends the run; whitespace
                    // at the end of the run is reported on its own.
                    int start = i;
                    int endOfWord = i + 1;
                    for (i++; i < n; i++) {
                        char d = s.charAt(i);
                        if (isWhitespace(d)) {
                            if (d == '\n') {
                                lines.lineStartsAt(base + i + 1);
                            }
                        } else if (isMarkupStart(d)) {
                            break;
                        } else {
                            endOfWord = i + 1;
                        }
                    }
                    sink.text(s, start, endOfWord, base + start);
                    if (endOfWord < i) {
                        sink.whitespace(s, endOfWord, i, base + endOfWord);
                    }
                }
            }
        }
        return i;
    }

    /**
     * Fast path for {@code [digits]} that is all in this piece: the offset after {@code ]}, with
     * the value in {@link #indexValue}; 0 when the piece does not settle the question here.
     */
    private int completeIndexEnd(CharSequence s, int i, int n) {
        int value = 0;
        int j = i + 1;
        while (j < n && j - i - 1 < MAX_INDEX_DIGITS) {
            char c = s.charAt(j);
            if (c >= '0' && c <= '9') {
                value = value * 10 + (c - '0');
                j++;
            } else if (c == ']' && j > i + 1) {
                indexValue = value;
                return j + 1;
            } else {
                return 0;
            }
        }
        return 0;
    }

    private void startCandidate(State next, char c, int i) {
        state = next;
        partial.setLength(0);
        partial.append(c);
        partialOffset = base + i;
    }

    private int readTag(CharSequence s, int i, int n) {
        while (i < n) {
            char c = s.charAt(i);
            int narrowed = Tag.narrow(tagCandidates, partial.length(), c);
            if (narrowed == 0) {
                // Not a tag after all: what was read is text, and c is read again as text.
                abandonCandidate();
                return i;
            }
            partial.append(c);
            tagCandidates = narrowed;
            i++;
            if (c == '>') {
                // Every tag ends with '>' and none contains another '>', so this is a whole tag.
                Tag tag = Tag.completed(narrowed, partial.length());
                state = State.TEXT;
                partial.setLength(0);
                sink.tag(tag, partialOffset);
                return i;
            }
        }
        return i;
    }

    private int readIndex(CharSequence s, int i, int n) {
        while (i < n) {
            char c = s.charAt(i);
            int digits = partial.length() - 1;
            if (c >= '0' && c <= '9' && digits < MAX_INDEX_DIGITS) {
                partial.append(c);
                indexValue = indexValue * 10 + (c - '0');
                i++;
            } else if (c == ']' && digits > 0) {
                state = State.TEXT;
                partial.setLength(0);
                sink.index(indexValue, partialOffset, digits + 2);
                return i + 1;
            } else {
                abandonCandidate();
                return i;
            }
        }
        return i;
    }

    private void abandonCandidate() {
        state = State.TEXT;
        sink.text(partial, 0, partial.length(), partialOffset);
        partial.setLength(0);
    }

    static boolean isWhitespace(char c) {
        return c == ' ' || (c <= ' ' ? Character.isWhitespace(c) : c >= '\u0085' && Character.isWhitespace(c));
    }

    /** Characters that may start markup or matter around it. */
    private static boolean isMarkupStart(char c) {
        return c == '<' || c == '[' || c == '(' || c == ')' || c == ',';
    }
}
