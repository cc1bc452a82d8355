package org.refvlm.spi;

import java.util.List;

/**
 * What a decoder needs from the platform.
 *
 * @param queryWidth    width {@code D} of the {@code <REF>} embeddings it accepts
 * @param maxQueries    query length {@code L} the router pads each sample's embeddings to
 * @param featureLevels names of the feature maps it reads, e.g. {@code stride8}, {@code vit}
 */
public record DecoderSpec(int queryWidth, int maxQueries, List<String> featureLevels) {

    public DecoderSpec {
        if (queryWidth <= 0 || maxQueries <= 0) {
            throw new IllegalArgumentException(
                    "queryWidth and maxQueries must be positive, got " + queryWidth + " and " + maxQueries);
        }
        featureLevels = List.copyOf(featureLevels);
    }
}
