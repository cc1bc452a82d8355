package org.refvlm.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One question to the platform: an image, the prompt text and optional visual prompts. The
 * prompt refers to visual prompts by the placeholders the templates use ({@code <region>}).
 */
public record Request(RgbImage image, String prompt, List<VisualPrompt> visualPrompts) {

    public Request {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(prompt, "prompt");
        visualPrompts = List.copyOf(visualPrompts);
    }

    public static Builder builder(RgbImage image, String prompt) {
        return new Builder(image, prompt);
    }

    /** Collects visual prompts in the order the prompt text refers to them. */
    public static final class Builder {
        private final RgbImage image;
        private final String prompt;
        private final List<VisualPrompt> visualPrompts = new ArrayList<>();

        private Builder(RgbImage image, String prompt) {
            this.image = image;
            this.prompt = prompt;
        }

        public Builder addVisualPrompt(VisualPrompt p) {
            visualPrompts.add(Objects.requireNonNull(p));
            return this;
        }

        public Request build() {
            return new Request(image, prompt, visualPrompts);
        }
    }
}
