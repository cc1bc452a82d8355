package org.refvlm.decoder.keypoint.service;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(
        name = "refvlm keypoint decoder",
        description = "A trained keypoint decoder folder (config.json and model.safetensors) to serve unit keypoint.")
@interface KeypointLoaderConfig {

    @AttributeDefinition(description = "Decoder folder written by KeypointDecoder.saveFolder.")
    String path();

    @AttributeDefinition(description = "Decoder name, as refvlm:decoders and refvlm:pin show it.")
    String name() default "posedetr";

    @AttributeDefinition(description = "service.ranking: the highest ranking serves the unit unless a pin says otherwise.")
    int ranking() default 0;
}
