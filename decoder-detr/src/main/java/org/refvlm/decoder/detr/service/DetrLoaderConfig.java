package org.refvlm.decoder.detr.service;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(
        name = "refvlm DETR box decoder",
        description = "A trained DETR-style box decoder folder (config.json and model.safetensors) to serve unit box.")
@interface DetrLoaderConfig {

    @AttributeDefinition(description = "Decoder folder written by DetrBoxDecoder.saveFolder.")
    String path();

    @AttributeDefinition(description = "Decoder name, as refvlm:decoders and refvlm:pin show it.")
    String name() default "detr";

    @AttributeDefinition(description = "service.ranking: the highest ranking serves the unit unless a pin says otherwise.")
    int ranking() default 0;
}
