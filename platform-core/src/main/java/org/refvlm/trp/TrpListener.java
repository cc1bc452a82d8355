package org.refvlm.trp;

import java.util.List;

/**
 * Receives what the {@link TrpStreamParser} recognises, at the moment it recognises it. Every
 * method does nothing by default; implement the ones you need.
 *
 * <p>Events come in text order. Text is reported in pieces whose boundaries depend on how the
 * input was split into tokens; the structure events do not. A few characters may be reported a
 * little late: after {@code (} or {@code [0]} the parser waits for the next token to know whether
 * it is markup or text.
 */
public interface TrpListener {

    /** A listener that ignores everything. */
    TrpListener NONE = new TrpListener() { };

    /** Plain text of the answer (or of a phrase), starting at character {@code offset}. */
    default void text(String text, int offset) {
    }

    /**
     * {@code <Phrase>} was read.
     *
     * @param ordinal the phrase's ordinal (order of opening tags, from 0)
     * @param depth how many phrases enclose it
     */
    default void phraseOpened(int ordinal, int depth, int offset) {
    }

    /** {@code </Phrase>} was read; {@code phrase} is complete. */
    default void phraseClosed(int ordinal, Phrase phrase) {
    }

    /** A group's {@code (} was recognised (which happens when its first {@code <Unit>} is read). */
    default void groupOpened(int offset) {
    }

    /** A group ended (normally at {@code )}). */
    default void groupClosed(Group group) {
    }

    /**
     * {@code </Unit>} was read.
     *
     * @param ordinal the declaration's ordinal among all unit declarations
     * @param units the unit words
     * @param span from {@code <Unit>} to the end of {@code </Unit>}
     */
    default void unitDeclared(int ordinal, List<String> units, Span span) {
    }

    /** A {@code <REF>} was read: capture its hidden state now. */
    default void reference(ResolvedReference reference) {
    }

    /** {@code </Task>} was read. */
    default void taskBlock(TaskBlock block) {
    }

    /**
     * A problem was found. Syntax problems are reported as they are read; problems of meaning
     * (index gaps, unknown units, ...) when the stream is finished.
     */
    default void diagnostic(Diagnostic diagnostic) {
    }
}
