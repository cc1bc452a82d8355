package org.refvlm.data;

import org.refvlm.api.CocoRle;

/** A painted region. */
public record MaskPrompt(CocoRle mask) implements VisualPrompt {
    @Override
    public PromptKind kind() {
        return PromptKind.MASK;
    }
}
