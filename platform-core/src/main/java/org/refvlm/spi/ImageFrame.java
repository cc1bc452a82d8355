package org.refvlm.spi;

/**
 * Where one original image sits inside the model's padded square: the image is placed at the
 * top-left of a {@code side x side} square. Decoders work in coordinates normalised to the
 * square; this maps them back to original pixels.
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
}
