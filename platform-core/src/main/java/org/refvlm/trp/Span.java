package org.refvlm.trp;

/**
 * A half-open range {@code [start, end)} of character offsets (UTF-16 code units) in the parsed
 * text. Offsets count from the first character ever fed to the parser, so a span found while
 * streaming is the same as the one found by parsing the whole text at once.
 *
 * @param start offset of the first character
 * @param end offset just past the last character
 */
public record Span(int start, int end) {

    /** The span of a node that was built in code rather than parsed. */
    public static final Span NONE = new Span(-1, -1);

    public Span {
        boolean none = start == -1 && end == -1;
        if (!none && (start < 0 || end < start)) {
            throw new IllegalArgumentException("not a span: [" + start + ", " + end + ")");
        }
    }

    /** Whether this span points into parsed text (false for {@link #NONE}). */
    public boolean isKnown() {
        return start >= 0;
    }

    public int length() {
        return isKnown() ? end - start : 0;
    }

    @Override
    public String toString() {
        return isKnown() ? "[" + start + ", " + end + ")" : "[unknown]";
    }
}
