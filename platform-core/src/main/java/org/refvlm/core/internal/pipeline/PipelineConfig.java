package org.refvlm.core.internal.pipeline;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.refvlm.core.pipeline.PipelineSettings;
import org.refvlm.core.pipeline.Preprocessing;

@ObjectClassDefinition(
        name = "refvlm request pipeline",
        description = "The projector and prompt settings that join the language model, encoders and decoders.")
@interface PipelineConfig {

    @AttributeDefinition(description = "Projector weights (model.0.* and model.2.*) as safetensors.")
    String projector();

    @AttributeDefinition(description = "Conversation template: {prompt} is the user's prompt, <image> the image tokens.")
    String template() default PipelineSettings.VICUNA;

    @AttributeDefinition(description = "Input side of the pyramid encoder (ConvNeXt).")
    int pyramidSide() default 512;

    @AttributeDefinition(description = "Mask-guided aggregation patches per side (N = gridSide^2 tokens per visual prompt).")
    int gridSide() default 3;

    @AttributeDefinition(description = "The feature map whose cells are the language model's image tokens: vit "
            + "(the CLIP ViT's patches, REF-VLM's choice) or a pyramid level (stride4 ... stride32).")
    String imageTokens() default "vit";

    @AttributeDefinition(description = "Whether a plain question is first asked so that the model may box the one "
            + "object it is about, then asked again about that box (LookAgain); only for a model trained so.")
    boolean lookAgain() default false;

    @AttributeDefinition(description = "Temperature s of the aggregation's cosine position encoding.")
    double temperature() default 10_000;

    @AttributeDefinition(description = "Where the picture sits in its padded square: top-left or centre.")
    String placement() default Preprocessing.TOP_LEFT;

    @AttributeDefinition(description = "How the padded square is resized for the encoders: bilinear or clip-bicubic.")
    String resize() default Preprocessing.BILINEAR;

    @AttributeDefinition(description = "Whether the prompt starts with the tokenizer's BOS token.")
    boolean bos() default false;

    @AttributeDefinition(description = "The most concurrent greedy requests whose generations run as one batch; "
            + "1 (the default) generates each alone. Batched answers match one-by-one answers to the last bits of "
            + "float32, not bit for bit.")
    int generationBatch() default 1;

    @AttributeDefinition(description = "How long, in milliseconds, the first request of a batch waits for requests "
            + "still encoding to reach generation.")
    long generationBatchWindowMillis() default 20;
}
