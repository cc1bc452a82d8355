package org.refvlm.data;

import java.util.List;

/** A free-hand stroke as a polyline; consumers dilate it into a mask. */
public record ScribblePrompt(List<Point> stroke) implements VisualPrompt {
    public ScribblePrompt {
        stroke = List.copyOf(stroke);
    }

    @Override
    public PromptKind kind() {
        return PromptKind.SCRIBBLE;
    }
}
