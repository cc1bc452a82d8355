package org.refvlm.api.model;

import ai.djl.ndarray.NDArray;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Told about every generated token, in order, with the last layer's hidden state at that token's
 * position: the state computed with the token as input, which is what REF-VLM's decoders take
 * as the {@code <REF>} embedding. It becomes known one step after the token is chosen.
 */
@ConsumerType
@FunctionalInterface
public interface TokenListener {

    /**
     * @param position index of the token among the generated ones, from 0
     * @param tokenId  its vocabulary id
     * @param text     its decoded text
     * @param hidden   last-layer hidden state at its position, {@code [D]}, valid during the call
     *                 only; {@code null} for a final stop token, whose state no decoder needs
     */
    void onToken(int position, int tokenId, String text, NDArray hidden);
}
