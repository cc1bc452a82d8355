package org.refvlm.encoder.convnext.service;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(
        name = "refvlm CLIP ConvNeXt encoder",
        description = "A ConvNeXt trunk (timm names, or open_clip's visual.trunk.), served as the decoders' pyramid encoder.")
@interface ConvNextConfig {

    @AttributeDefinition(description = "Folder with config.json and model.safetensors.")
    String path();

    @AttributeDefinition(description = "Compute type: float32, or float16 (inference only); empty: REFVLM_DTYPE, else float32.")
    String dtype() default "";
}
