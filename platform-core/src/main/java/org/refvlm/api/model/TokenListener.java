package org.refvlm.api.model;

import ai.djl.ndarray.NDArray;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Told about every generated token as it is generated, with the last layer's hidden state at
 * that position: this is where the {@code <REF>} embeddings are captured.
 */
@ConsumerType
@FunctionalInterface
public interface TokenListener {

    /**
     * @param position index of the token among the generated ones, from 0
     * @param tokenId  its vocabulary id
     * @param text     its decoded text
     * @param hidden   last-layer hidden state that produced it, {@code [D]}; valid during the call only
     */
    void onToken(int position, int tokenId, String text, NDArray hidden);
}
