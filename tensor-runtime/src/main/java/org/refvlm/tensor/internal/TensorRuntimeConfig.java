package org.refvlm.tensor.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(
        name = "refvlm tensor runtime",
        description = "Engine and device used by every model and decoder bundle.")
@interface TensorRuntimeConfig {

    @AttributeDefinition(description = "Device: cpu, gpu or gpu:N.")
    String device() default "cpu";

    @AttributeDefinition(description = "Threads inside one operator; -1 keeps the engine default.")
    int intraOpThreads() default -1;
}
