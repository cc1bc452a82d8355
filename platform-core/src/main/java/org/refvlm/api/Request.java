package org.refvlm.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One question to the platform: an image, the prompt text, optional visual prompts and an
 * optional task command (which kind of answer, which units). The prompt refers to visual prompts
 * by the placeholders the templates use ({@code <region>}).
 */
public record Request(RgbImage image, String prompt, List<VisualPrompt> visualPrompts, TaskCommand task) {

    public Request {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(prompt, "prompt");
        visualPrompts = List.copyOf(visualPrompts);
    }

    /** A request without a task command. */
    public Request(RgbImage image, String prompt, List<VisualPrompt> visualPrompts) {
        this(image, prompt, visualPrompts, null);
    }

    public static Builder builder(RgbImage image, String prompt) {
        return new Builder(image, prompt);
    }

    /** Collects visual prompts in the order the prompt text refers to them. */
    public static final class Builder {
        private final RgbImage image;
        private final String prompt;
        private final List<VisualPrompt> visualPrompts = new ArrayList<>();
        private TaskCommand task;

        private Builder(RgbImage image, String prompt) {
            this.image = image;
            this.prompt = prompt;
        }

        public Builder addVisualPrompt(VisualPrompt p) {
            visualPrompts.add(Objects.requireNonNull(p));
            return this;
        }

        /** The task command the prompt carries (none by default). */
        public Builder task(TaskCommand command) {
            this.task = command;
            return this;
        }

        public Request build() {
            return new Request(image, prompt, visualPrompts, task);
        }
    }
}
