package org.refvlm.api;

/** A box in xyxy original-image pixels, with the decoder's confidence in [0, 1]. */
public record BoxUnit(double x0, double y0, double x1, double y1, double score) implements DecodedUnit {

    public static final String UNIT = "box";

    public BoxUnit {
        if (!(x1 >= x0 && y1 >= y0)) {
            throw new IllegalArgumentException(
                    "box needs x1 >= x0 and y1 >= y0, got [" + x0 + ", " + y0 + ", " + x1 + ", " + y1 + "]");
        }
    }

    @Override
    public String unit() {
        return UNIT;
    }

    public double area() {
        return (x1 - x0) * (y1 - y0);
    }
}
