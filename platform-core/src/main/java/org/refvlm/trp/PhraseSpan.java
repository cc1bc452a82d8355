package org.refvlm.trp;

/**
 * Where a phrase ended up in the {@link PlainText} of an answer.
 *
 * @param ordinal the phrase's ordinal (see {@link TrpDocument#phrases()})
 * @param depth how many phrases enclose it
 * @param start offset of its first character in the plain text
 * @param end offset just past its last character in the plain text
 * @param source the phrase's span in the TRP text, markup included
 */
public record PhraseSpan(int ordinal, int depth, int start, int end, Span source) {
}
