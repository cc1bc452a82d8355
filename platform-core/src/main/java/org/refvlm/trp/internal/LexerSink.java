package org.refvlm.trp.internal;

/**
 * Receives the lexical tokens of TRP text from {@link TrpLexer}. Offsets are absolute character
 * offsets in the whole input. Character ranges are only valid during the call.
 */
interface LexerSink {

    /**
     * Characters that are text whatever the context: a run of prose without any of
     * {@code < [ ( ) ,} that starts and ends with a non-whitespace character (whitespace inside
     * it is part of the text), or the characters of a tag or index candidate that turned out not
     * to be one.
     */
    void text(CharSequence chars, int from, int to, int offset);

    /** A run of whitespace. */
    void whitespace(CharSequence chars, int from, int to, int offset);

    /** One of {@code ( ) ,}, which mean something only around groundings. */
    void punctuation(char c, int offset);

    /**
     * {@code [digits]}. Only the parser knows whether it is the index of a {@code <REF>} (it is
     * when {@code <REF>} follows at once) or text.
     *
     * @param value the number
     * @param length the length of the whole {@code [digits]} text, leading zeros included
     */
    void index(int value, int offset, int length);

    /** A complete tag. */
    void tag(Tag tag, int offset);

    /**
     * The input ended inside something that may have become a tag, such as {@code "<Phr"}.
     * The characters are text; the parser decides whether that is worth a diagnostic.
     */
    void unfinishedTag(CharSequence chars, int offset);
}
