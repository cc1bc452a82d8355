package org.refvlm.http.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The HTTP API's limits and its administration token (configuration PID {@code org.refvlm.http}). */
@ObjectClassDefinition(name = "refvlm HTTP API",
        description = "Limits of the HTTP API and the token administration requires.")
@interface HttpSettings {

    String PID = "org.refvlm.http";

    @AttributeDefinition(description = "Bearer token for administration (pins, bundles). Empty: the token in the "
            + "state folder's http-token file, generated at the first start.")
    String token() default "";

    @AttributeDefinition(description = "Largest upload (image, mask prompts, bundle jar) in bytes.")
    long maxUploadBytes() default 32L << 20;

    @AttributeDefinition(description = "Largest picture in pixels (width x height), checked before it is decoded.")
    long maxImagePixels() default 4096L * 4096L;

    @AttributeDefinition(description = "Most visual prompts in one request.")
    int maxVisualPrompts() default 8;

    @AttributeDefinition(description = "Largest max_tokens a request may ask for.")
    int maxNewTokens() default 512;

    @AttributeDefinition(description = "Requests answered at the same time; more wait in line.")
    int concurrentRequests() default 2;

    @AttributeDefinition(description = "Requests that may wait in line; beyond that the API answers 503.")
    int queuedRequests() default 32;
}
