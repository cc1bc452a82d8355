package org.refvlm.trp;

/**
 * Every kind of problem the parser and the validator report. The first group is found while
 * reading (syntax), the second by looking at the finished tree (meaning), the third only for
 * training answers ({@link TrpParser.Builder#trainingForm()}).
 */
public enum DiagnosticCode {

    // --- syntax: reported by the parser as it reads -------------------------------------------

    /** An opening tag ({@code <Phrase>}, {@code <Unit>}) whose closing tag never comes. */
    UNCLOSED_TAG,
    /** A closing tag with no matching opening tag; it is ignored. */
    UNMATCHED_CLOSING_TAG,
    /** A closing tag that closes an outer construct while an inner one is still open. */
    CROSSING_TAGS,
    /** A group {@code (...)} interrupted by something a group cannot hold (text, a phrase). */
    UNCLOSED_GROUP,
    /** A group with a missing or extra {@code ','} between its members. */
    MALFORMED_GROUP,
    /** The input ends inside a group, a unit declaration, a task block or a tag: cut off. */
    TRUNCATED,
    /** Markup inside the {@code <Task>} block, which holds plain reasoning text only. */
    MARKUP_IN_TASK,
    /** An empty word in a composite unit such as {@code <Unit>box,,mask</Unit>}. */
    EMPTY_UNIT_WORD,
    /** Phrases and groups nested deeper than the parser accepts; the extra level is dropped. */
    NESTING_TOO_DEEP,

    // --- meaning: reported by the validator on the finished tree -------------------------------

    /** A {@code <REF>} that no unit declaration governs, so no decoder knows what to make of it. */
    REF_WITHOUT_UNIT,
    /** A {@code <REF>} without the {@code [i]} index in front of it. */
    MISSING_INDEX,
    /** An index that skips one or more numbers, such as {@code [0]<REF>[2]<REF>}. */
    INDEX_GAP,
    /** The same index twice under one unit declaration. */
    DUPLICATE_INDEX,
    /** An index that fills an earlier gap, such as the {@code [0]} in {@code [1]<REF>[0]<REF>}. */
    INDEX_OUT_OF_ORDER,
    /** A phrase with no text in it. */
    EMPTY_PHRASE,
    /** {@code <Unit></Unit>}: a unit declaration naming no unit. */
    EMPTY_UNIT,
    /** The same unit twice in one composite unit. */
    DUPLICATE_UNIT,
    /** A unit no installed decoder handles. */
    UNKNOWN_UNIT,
    /** A unit declaration followed by no {@code <REF>}, so nothing is decoded. */
    UNIT_WITHOUT_REFERENCE,
    /** A grounding (unit declaration or group) that does not follow a phrase. */
    GROUNDING_WITHOUT_PHRASE,
    /**
     * A {@code <Task>} block that is not the first thing in the answer, or a second one. In the
     * training form not even whitespace may come before it.
     */
    MISPLACED_TASK_BLOCK,

    // --- training form: the one spelling training answers use (TrpParser.Builder#trainingForm) ---

    /**
     * A {@code '<'} or {@code '>'} in text or in the task block that is not part of one of the
     * seven tags: a misspelt tag, or a placeholder such as {@code <image>} that leaked into an
     * answer. Text that looks like markup would teach the model to write it.
     */
    ANGLE_BRACKET_IN_TEXT,
    /**
     * A grounding not written the one way training answers write it:
     * {@code (<Unit>box, mask</Unit>[0]<REF>[1]<REF>)} right after its {@code </Phrase>}, one per
     * phrase, one declaration in its brackets, units joined by {@code ", "}, no other whitespace,
     * indices without leading zeros.
     */
    NONCANONICAL_GROUNDING,
    /**
     * A task block that is not the {@link DecodingPlan} of the answer's own groundings: not
     * understood, or a line, the count of lines or "Unit decode (False)" disagreeing with them.
     */
    TASK_BLOCK_MISMATCH
}
