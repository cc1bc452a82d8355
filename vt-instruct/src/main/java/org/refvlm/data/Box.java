package org.refvlm.data;

import org.refvlm.api.CocoRle;

/**
 * An axis-aligned box in pixel coordinates of the original image, corners (x1, y1) top-left and (x2, y2)
 * bottom-right, exclusive of the far edge like COCO's x + w.
 */
public record Box(double x1, double y1, double x2, double y2) {

    /** From COCO's [x, y, w, h]. */
    public static Box fromXywh(double x, double y, double w, double h) {
        return new Box(x, y, x + w, y + h);
    }

    /** The tight box around a mask's pixels (COCO's toBbox), or null for an empty mask. */
    public static Box boundsOf(CocoRle mask) {
        return mask.bounds().map(c -> new Box(c[0], c[1], c[2], c[3])).orElse(null);
    }

    public double width() {
        return x2 - x1;
    }

    public double height() {
        return y2 - y1;
    }

    public double area() {
        return Math.max(0, width()) * Math.max(0, height());
    }

    public double centreX() {
        return (x1 + x2) / 2;
    }

    public double centreY() {
        return (y1 + y2) / 2;
    }

    public boolean isFinite() {
        return Double.isFinite(x1) && Double.isFinite(y1) && Double.isFinite(x2) && Double.isFinite(y2);
    }

    /** Clips to the image rectangle; converters use it because real annotations stray a pixel outside. */
    public Box clip(int width, int height) {
        return new Box(clamp(x1, width), clamp(y1, height), clamp(x2, width), clamp(y2, height));
    }

    private static double clamp(double v, int max) {
        return Math.max(0, Math.min(max, v));
    }
}
