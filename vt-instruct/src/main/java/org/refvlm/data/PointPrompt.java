package org.refvlm.data;

/** A click on the image. */
public record PointPrompt(Point point) implements VisualPrompt {
    @Override
    public PromptKind kind() {
        return PromptKind.POINT;
    }
}
