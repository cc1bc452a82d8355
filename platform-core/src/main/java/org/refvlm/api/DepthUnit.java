package org.refvlm.api;

/** A depth map for the referred region. */
public record DepthUnit(DepthMap depth) implements DecodedUnit {

    public static final String UNIT = "depth";

    @Override
    public String unit() {
        return UNIT;
    }
}
