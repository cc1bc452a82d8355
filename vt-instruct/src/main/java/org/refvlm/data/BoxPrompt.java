package org.refvlm.data;

/** A dragged rectangle. */
public record BoxPrompt(Box box) implements VisualPrompt {
    @Override
    public PromptKind kind() {
        return PromptKind.BOX;
    }
}
