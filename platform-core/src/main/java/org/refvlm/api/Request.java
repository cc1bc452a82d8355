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

    /**
     * The longest prompt text accepted, in characters: tokenising it is linear, but the model's
     * context ({@code LanguageModel.contextLength()}) refuses far shorter prompts anyway; this
     * bounds what a request may make the tokenizer hold before that check.
     */
    public static final int MAX_PROMPT_CHARS = 65_536;

    /**
     * The most visual prompts one request may carry: each is rasterised at the encoder's side
     * (336 x 336 for CLIP-L/336) and adds its tokens to the prompt.
     */
    public static final int MAX_VISUAL_PROMPTS = 32;

    public Request {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(prompt, "prompt");
        visualPrompts = List.copyOf(visualPrompts);
        if ((long) image.width() * image.height() > RgbImage.MAX_PIXELS) {
            throw new IllegalArgumentException("the picture is " + image.width() + "x" + image.height()
                    + " pixels; a request takes at most " + RgbImage.MAX_PIXELS);
        }
        if (prompt.length() > MAX_PROMPT_CHARS) {
            throw new IllegalArgumentException("the prompt is " + prompt.length() + " characters long; a request takes at most "
                    + MAX_PROMPT_CHARS);
        }
        if (visualPrompts.size() > MAX_VISUAL_PROMPTS) {
            throw new IllegalArgumentException(visualPrompts.size() + " visual prompts given; a request takes at most "
                    + MAX_VISUAL_PROMPTS);
        }
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
