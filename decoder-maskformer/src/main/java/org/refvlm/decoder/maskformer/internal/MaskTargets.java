package org.refvlm.decoder.maskformer.internal;

import org.refvlm.api.CocoRle;
import org.refvlm.spi.ImageFrame;

/**
 * Target masks and valid-pixel masks on the prediction grid. A target (original image pixels) is
 * placed at the top-left of the padded square, and the square is resized with nearest sampling
 * to the {@code h x w} logits grid; a grid cell is valid when the square pixel it samples lies
 * inside the real image, so the padding never counts in the loss.
 */
public final class MaskTargets {

    private MaskTargets() {
    }

    /** Row-major {@code [h * w]}: 1 where the cell samples the real image, 0 on padding. */
    public static float[] validPixels(ImageFrame frame, int h, int w) {
        int side = frame.side();
        float[] valid = new float[h * w];
        for (int y = 0; y < h; y++) {
            boolean rowInside = Resampling.nearestSource(y, side, h) < frame.height();
            for (int x = 0; x < w; x++) {
                if (rowInside && Resampling.nearestSource(x, side, w) < frame.width()) {
                    valid[y * w + x] = 1f;
                }
            }
        }
        return valid;
    }

    /** Row-major {@code [h * w]} 0/1 target on the grid. */
    public static float[] raster(CocoRle mask, ImageFrame frame, int h, int w) {
        if (mask.height() != frame.height() || mask.width() != frame.width()) {
            throw new IllegalArgumentException("target mask is " + mask.width() + "x" + mask.height()
                    + " but its image is " + frame.width() + "x" + frame.height());
        }
        boolean[] pixels = mask.decode();
        int side = frame.side();
        float[] out = new float[h * w];
        for (int y = 0; y < h; y++) {
            int sy = Resampling.nearestSource(y, side, h);
            if (sy >= frame.height()) {
                continue;
            }
            for (int x = 0; x < w; x++) {
                int sx = Resampling.nearestSource(x, side, w);
                if (sx < frame.width() && pixels[sy * frame.width() + sx]) {
                    out[y * w + x] = 1f;
                }
            }
        }
        return out;
    }
}
