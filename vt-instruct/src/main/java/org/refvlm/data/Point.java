package org.refvlm.data;

/** A point in pixel coordinates of the original image. */
public record Point(double x, double y) {
    public boolean isFinite() {
        return Double.isFinite(x) && Double.isFinite(y);
    }
}
