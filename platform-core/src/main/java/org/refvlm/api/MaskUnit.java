package org.refvlm.api;

/** A binary mask of the original image's size, with the decoder's confidence in [0, 1]. */
public record MaskUnit(CocoRle mask, double score) implements DecodedUnit {

    public static final String UNIT = "mask";

    @Override
    public String unit() {
        return UNIT;
    }
}
