package org.refvlm.trp;

import java.util.Objects;

/**
 * {@code <Task>...</Task>}: the reasoning block (the reference implementation's "VD-CoT") the model
 * writes before its answer. Its content is kept verbatim and is not part of the answer.
 *
 * @param content the text between the tags
 */
public record TaskBlock(String content, Span span) implements TrpNode {

    public TaskBlock {
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(span, "span");
    }

    public static TaskBlock of(String content) {
        return new TaskBlock(content, Span.NONE);
    }
}
