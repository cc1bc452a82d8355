package org.refvlm.trp;

/**
 * A place in the parsed text as a person would point at it.
 *
 * @param offset character offset from the start of the text (0-based)
 * @param line line number, 1-based; 0 when the position is unknown
 * @param column column number counted in characters, 1-based; 0 when the position is unknown
 */
public record SourcePosition(int offset, int line, int column) {

    /** The position of something that has no place in a text (a node built in code). */
    public static final SourcePosition UNKNOWN = new SourcePosition(-1, 0, 0);

    public boolean isKnown() {
        return line > 0;
    }

    /** {@code line:column}, the form used in diagnostic messages. */
    @Override
    public String toString() {
        return isKnown() ? line + ":" + column : "?:?";
    }
}
