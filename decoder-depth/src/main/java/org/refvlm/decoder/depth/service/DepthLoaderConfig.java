package org.refvlm.decoder.depth.service;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(
        name = "refvlm depth decoder",
        description = "A trained depth decoder folder (config.json and model.safetensors) to serve unit depth.")
@interface DepthLoaderConfig {

    @AttributeDefinition(description = "Decoder folder written by DepthDecoder.saveFolder.")
    String path();

    @AttributeDefinition(description = "Decoder name, as refvlm:decoders and refvlm:pin show it.")
    String name() default "depth-fpn";

    @AttributeDefinition(description = "service.ranking: the highest ranking serves the unit unless a pin says otherwise.")
    int ranking() default 0;
}
