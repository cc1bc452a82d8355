package org.refvlm.api;

import org.osgi.annotation.versioning.ProviderType;
import org.refvlm.api.model.GenerationOptions;

/**
 * The platform answering requests: the language model writes TRP about the image, and every
 * {@code <REF>} is decoded by the decoder installed for its unit. Registered once a model is
 * configured and loaded.
 */
@ProviderType
public interface RefVlm {

    /** Generates an answer and decodes its references. */
    Response answer(Request request, GenerationOptions options);

    /**
     * Decodes the references of a given answer, reading its hidden states with the answer as
     * input (teacher forcing) instead of generating one: how a TRP answer is checked against an
     * image, and how training reads its targets.
     */
    Response readAnswer(Request request, String answer);
}
