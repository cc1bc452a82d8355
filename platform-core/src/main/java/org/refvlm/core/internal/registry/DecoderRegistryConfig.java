package org.refvlm.core.internal.registry;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(
        name = "refvlm decoder registry",
        description = "Administrator pins: which decoder serves a unit regardless of service.ranking.")
@interface DecoderRegistryConfig {

    @AttributeDefinition(description = "Pins as unit=decoder, e.g. mask=sam.")
    String[] pins() default {};
}
