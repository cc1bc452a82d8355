package org.refvlm.spi;

import java.util.List;

/**
 * What a decoder needs from the platform.
 *
 * @param queryWidth    width {@code D} of the {@code <REF>} embeddings it accepts
 * @param maxQueries    query length {@code L} the router pads each sample's embeddings to
 * @param featureLevels names of the feature maps it reads ({@link FeatureLevels}), possibly none
 * @param needsImage    whether it reads the request's image ({@link DecoderInput#images()}), as a
 *                      decoder with its own backbone does; the platform skips building it otherwise
 */
public record DecoderSpec(int queryWidth, int maxQueries, List<String> featureLevels, boolean needsImage) {

    public DecoderSpec {
        if (queryWidth <= 0 || maxQueries <= 0) {
            throw new IllegalArgumentException(
                    "queryWidth and maxQueries must be positive, got " + queryWidth + " and " + maxQueries);
        }
        featureLevels = List.copyOf(featureLevels);
    }

    /** A decoder that reads feature maps only, not the image. */
    public DecoderSpec(int queryWidth, int maxQueries, List<String> featureLevels) {
        this(queryWidth, maxQueries, featureLevels, false);
    }
}
