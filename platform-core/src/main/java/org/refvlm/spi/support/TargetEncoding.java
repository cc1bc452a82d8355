package org.refvlm.spi.support;

import org.refvlm.api.DecodedUnit;

/**
 * How a decoder writes one target as numbers for matching and loss: a normalised box as 4
 * numbers, a mask as its grid of cells, keypoints as {@code K x 3}.
 */
public interface TargetEncoding {

    /** Numbers per target. */
    int width();

    /**
     * One target of sample {@code sample}.
     *
     * @throws IllegalArgumentException naming the problem when the target is not of the decoder's unit
     */
    float[] encode(DecodedUnit target, int sample);

    /**
     * What padded target cells of the cost hold: anything that keeps the padded costs finite
     * (they are never read). Zeros by default.
     */
    default float[] filler() {
        return new float[width()];
    }
}
