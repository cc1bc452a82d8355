package org.refvlm.spi;

import org.refvlm.api.BoxUnit;

/**
 * Where one original image sits inside the model's padded square: the image is placed at the
 * top-left of a {@code side x side} square, {@code side = max(width, height)}. Decoders work in
 * coordinates normalised to the square; this maps them to original pixels and back.
 */
public record ImageFrame(int width, int height) {

    public ImageFrame {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image size must be positive, got " + width + "x" + height);
        }
    }

    public int side() {
        return Math.max(width, height);
    }

    /** A normalised x or y in the square, as original pixels (not clipped). */
    public double toPixels(double normalised) {
        return normalised * side();
    }

    /** Original pixels as a normalised x or y in the square. */
    public double toNormalised(double pixels) {
        return pixels / side();
    }

    /** A box in original pixels as normalised {@code (cx, cy, w, h)} on the square. */
    public float[] normalisedBox(BoxUnit box) {
        double s = side();
        return new float[] {
            (float) ((box.x0() + box.x1()) / 2 / s), (float) ((box.y0() + box.y1()) / 2 / s),
            (float) ((box.x1() - box.x0()) / s), (float) ((box.y1() - box.y0()) / s)};
    }

    /**
     * A normalised {@code (cx, cy, w, h)} box on the square as a box of the original image in
     * pixels, clipped to the image (a box wholly in the padding collapses onto the image's edge).
     */
    public BoxUnit pixelBox(double cx, double cy, double w, double h, double score) {
        double x0 = clip(toPixels(cx - w / 2), width);
        double y0 = clip(toPixels(cy - h / 2), height);
        double x1 = clip(toPixels(cx + w / 2), width);
        double y1 = clip(toPixels(cy + h / 2), height);
        return new BoxUnit(x0, y0, Math.max(x0, x1), Math.max(y0, y1), score);
    }

    private static double clip(double value, int limit) {
        return Math.min(Math.max(value, 0), limit);
    }
}
