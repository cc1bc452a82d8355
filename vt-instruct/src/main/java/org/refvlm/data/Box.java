package org.refvlm.data;

import org.refvlm.api.CocoRle;

/**
 * An axis-aligned box in pixel coordinates of the original image, corners (x0, y0) top-left and (x1, y1)
 * bottom-right, exclusive of the far edge like COCO's x + w. The corners are named as in the platform's
 * {@link org.refvlm.api.BoxUnit}.
 */
public record Box(double x0, double y0, double x1, double y1) {

    /** From COCO's [x, y, w, h]. */
    public static Box fromXywh(double x, double y, double w, double h) {
        return new Box(x, y, x + w, y + h);
    }

    /** The tight box around a mask's pixels (COCO's toBbox), or null for an empty mask. */
    public static Box boundsOf(CocoRle mask) {
        return mask.bounds().map(c -> new Box(c[0], c[1], c[2], c[3])).orElse(null);
    }

    public double width() {
        return x1 - x0;
    }

    public double height() {
        return y1 - y0;
    }

    public double area() {
        return Math.max(0, width()) * Math.max(0, height());
    }

    public double centreX() {
        return (x0 + x1) / 2;
    }

    public double centreY() {
        return (y0 + y1) / 2;
    }

    public boolean isFinite() {
        return Double.isFinite(x0) && Double.isFinite(y0) && Double.isFinite(x1) && Double.isFinite(y1);
    }

    /** Clips to the image rectangle; converters use it because real annotations stray a pixel outside. */
    public Box clip(int width, int height) {
        return new Box(clamp(x0, width), clamp(y0, height), clamp(x1, width), clamp(y1, height));
    }

    private static double clamp(double v, int max) {
        return Math.max(0, Math.min(max, v));
    }
}
