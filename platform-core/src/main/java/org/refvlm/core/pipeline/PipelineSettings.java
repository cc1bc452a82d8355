package org.refvlm.core.pipeline;

import org.refvlm.spi.FeatureLevels;

/**
 * How requests become model input.
 *
 * @param template     the conversation around the user's prompt; {@code {prompt}} is replaced by it,
 *                     {@code {system}} (optional) by the request's task command, and {@code <image>}
 *                     marks where the image tokens go
 * @param pyramidSide  input side for the pyramid encoder (ConvNeXt)
 * @param pointRadius  disc radius of a point prompt, in pixels of a 336-pixel square (the reference's
 *                     CLIP input, where it draws a 10-pixel disc); scaled to the encoder's square
 *                     by {@link #pointRadiusOn}
 * @param strokeRadius half-width of a scribble, in pixels of a 336-pixel square, scaled the same way
 * @param gridSide     mask-guided aggregation patches per side (N = gridSide^2 tokens per prompt)
 * @param temperature  s of the aggregation's cosine position encoding
 * @param preprocessing how pictures and prompts are prepared, as the model was trained
 * @param imageTokens  the feature map whose cells are the language model's image tokens (and whose
 *                     grid visual prompts are pooled from): {@code vit}, the CLIP ViT's patches, as
 *                     REF-VLM does (the default), or a pyramid level ({@code stride16}, ...) for a
 *                     model trained so
 */
public record PipelineSettings(String template, int pyramidSide, double pointRadius, double strokeRadius, int gridSide,
        double temperature, Preprocessing preprocessing, String imageTokens) {

    /** Vicuna's conversation format, as REF-VLM uses it. */
    public static final String VICUNA = "A chat between a curious user and an artificial intelligence assistant. "
            + "The assistant gives helpful, detailed, and polite answers to the user's questions. "
            + "USER: <image>\n{prompt} ASSISTANT:";

    public PipelineSettings {
        preprocessing = preprocessing == null ? Preprocessing.SHAPES_TINY : preprocessing;
        imageTokens = imageTokens == null || imageTokens.isBlank() ? FeatureLevels.VIT : imageTokens;
        if (!FeatureLevels.ALL.contains(imageTokens)) {
            throw new IllegalArgumentException("imageTokens must be one of " + FeatureLevels.ALL + ", got '" + imageTokens + "'");
        }
        if (!template.contains("{prompt}") || !template.contains(PromptAssembler.IMAGE)) {
            throw new IllegalArgumentException("the template must contain {prompt} and " + PromptAssembler.IMAGE);
        }
    }

    /** Settings whose image tokens are the ViT's patches, as REF-VLM's. */
    public PipelineSettings(String template, int pyramidSide, double pointRadius, double strokeRadius, int gridSide,
            double temperature, Preprocessing preprocessing) {
        this(template, pyramidSide, pointRadius, strokeRadius, gridSide, temperature, preprocessing, FeatureLevels.VIT);
    }

    /** Whether the language model reads the pyramid (so it must run for every request) rather than the ViT. */
    public boolean imageTokensFromPyramid() {
        return !imageTokens.equals(FeatureLevels.VIT);
    }

    /**
     * The model's input text for a request: as {@link #promptText}, but a task command the
     * template has no {@code {system}} place for is refused instead of silently dropped (the
     * model was not trained to read one, and the caller believes it sent one).
     *
     * @throws IllegalArgumentException naming the task when the template cannot carry it
     */
    public String requestText(String prompt, org.refvlm.api.TaskCommand task) {
        if (task != null && !template.contains("{system}")) {
            throw new IllegalArgumentException("the task command '" + task.name() + "' cannot be sent: this model's "
                    + "prompt template has no {system} place for one (model.json 'template'), so the model was not "
                    + "trained to read task commands; ask without a task");
        }
        return promptText(prompt, task);
    }

    /** The model's input text for a prompt and an optional task command (null: none). */
    public String promptText(String prompt, org.refvlm.api.TaskCommand task) {
        return template.replace("{system}", task == null ? "" : task.render()).replace("{prompt}", prompt);
    }

    /** The side the radii are given for: the reference's CLIP ViT-L/14 input. */
    public static final int RADIUS_SIDE = 336;

    /** The point disc's radius on an encoder square of {@code side} pixels: the same share of the picture. */
    public double pointRadiusOn(int side) {
        return pointRadius * side / RADIUS_SIDE;
    }

    /** The scribble's half-width on an encoder square of {@code side} pixels. */
    public double strokeRadiusOn(int side) {
        return strokeRadius * side / RADIUS_SIDE;
    }

    public static PipelineSettings defaults() {
        return new PipelineSettings(VICUNA, 512, 10, 4, 3, 10_000, Preprocessing.SHAPES_TINY);
    }
}
