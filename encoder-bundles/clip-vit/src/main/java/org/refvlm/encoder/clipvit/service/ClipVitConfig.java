package org.refvlm.encoder.clipvit.service;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(
        name = "refvlm CLIP ViT encoder",
        description = "A CLIP vision tower in Hugging Face CLIPVisionModel layout, served as a vision encoder.")
@interface ClipVitConfig {

    @AttributeDefinition(description = "Folder with config.json and model.safetensors.")
    String path();

    @AttributeDefinition(description = "Hidden layer whose tokens are the features; REF-VLM uses -2.")
    int selectLayer() default -2;

    @AttributeDefinition(description = "Drop the CLS token from the features, as REF-VLM does.")
    boolean dropCls() default true;

    @AttributeDefinition(description = "Compute type: float32, or float16 (inference only); empty: REFVLM_DTYPE, else float32.")
    String dtype() default "";
}
