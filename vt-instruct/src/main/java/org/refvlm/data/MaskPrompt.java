package org.refvlm.data;

/** A painted region. */
public record MaskPrompt(RleMask mask) implements VisualPrompt {
    @Override
    public PromptKind kind() {
        return PromptKind.MASK;
    }
}
