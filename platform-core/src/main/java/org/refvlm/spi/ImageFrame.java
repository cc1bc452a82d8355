package org.refvlm.spi;

import org.refvlm.api.BoxUnit;

/**
 * Where one original image sits inside the model's padded square of side
 * {@code side = max(width, height)}: at the top-left ({@code offsetX = offsetY = 0}, how the
 * default model was trained) or centred ({@link #centred}, as REF-VLM's reference pads it:
 * {@code (side - short) / 2} on the short axis). Decoders work in coordinates normalised to the
 * square; this maps them to original pixels and back.
 *
 * @param offsetX square pixels left of the image
 * @param offsetY square pixels above the image
 */
public record ImageFrame(int width, int height, int offsetX, int offsetY) {

    public ImageFrame {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image size must be positive, got " + width + "x" + height);
        }
        int side = Math.max(width, height);
        if (offsetX < 0 || offsetY < 0 || offsetX + width > side || offsetY + height > side) {
            throw new IllegalArgumentException("a " + width + "x" + height + " image at (" + offsetX + ", " + offsetY
                    + ") does not fit its " + side + " square");
        }
    }

    /** The image at the top-left of its square. */
    public ImageFrame(int width, int height) {
        this(width, height, 0, 0);
    }

    /** The image centred in its square, as the reference implementation pads it. */
    public static ImageFrame centred(int width, int height) {
        int side = Math.max(width, height);
        return new ImageFrame(width, height, (side - width) / 2, (side - height) / 2);
    }

    public int side() {
        return Math.max(width, height);
    }

    /** A normalised x in the square as an original pixel x (not clipped). */
    public double toPixelsX(double normalised) {
        return normalised * side() - offsetX;
    }

    /** A normalised y in the square as an original pixel y (not clipped). */
    public double toPixelsY(double normalised) {
        return normalised * side() - offsetY;
    }

    /** A normalised length in the square, as original pixels. */
    public double toPixels(double normalised) {
        return normalised * side();
    }

    /** A length in original pixels, normalised to the square. */
    public double toNormalised(double pixels) {
        return pixels / side();
    }

    /** A box in original pixels as normalised {@code (cx, cy, w, h)} on the square. */
    public float[] normalisedBox(BoxUnit box) {
        double s = side();
        return new float[] {
            (float) (((box.x0() + box.x1()) / 2 + offsetX) / s), (float) (((box.y0() + box.y1()) / 2 + offsetY) / s),
            (float) ((box.x1() - box.x0()) / s), (float) ((box.y1() - box.y0()) / s)};
    }

    /**
     * A normalised {@code (cx, cy, w, h)} box on the square as a box of the original image in
     * pixels, clipped to the image (a box wholly in the padding collapses onto the image's edge).
     */
    public BoxUnit pixelBox(double cx, double cy, double w, double h, double score) {
        double x0 = clip(toPixelsX(cx - w / 2), width);
        double y0 = clip(toPixelsY(cy - h / 2), height);
        double x1 = clip(toPixelsX(cx + w / 2), width);
        double y1 = clip(toPixelsY(cy + h / 2), height);
        return new BoxUnit(x0, y0, Math.max(x0, x1), Math.max(y0, y1), score);
    }

    private static double clip(double value, int limit) {
        return Math.min(Math.max(value, 0), limit);
    }
}
