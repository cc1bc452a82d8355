package org.refvlm.data;

/**
 * An input-side visual prompt the user gives with the text: a point, a box, a scribble or a mask. A user
 * turn refers to prompts by index, one {@code <region>} placeholder per prompt, in order.
 */
public sealed interface VisualPrompt permits PointPrompt, BoxPrompt, ScribblePrompt, MaskPrompt {
    PromptKind kind();
}
