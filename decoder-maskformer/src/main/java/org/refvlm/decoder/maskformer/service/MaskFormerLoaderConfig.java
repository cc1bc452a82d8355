package org.refvlm.decoder.maskformer.service;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(
        name = "refvlm MaskFormer mask decoder",
        description = "A trained MaskFormer-style mask decoder folder (config.json and model.safetensors) to serve unit mask.")
@interface MaskFormerLoaderConfig {

    @AttributeDefinition(description = "Decoder folder written by MaskFormerDecoder.saveFolder.")
    String path();

    @AttributeDefinition(description = "Decoder name, as refvlm:decoders and refvlm:pin show it.")
    String name() default "maskformer";

    @AttributeDefinition(description = "service.ranking: the highest ranking serves the unit unless a pin says otherwise.")
    int ranking() default 0;
}
