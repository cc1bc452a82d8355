package org.refvlm.trainer.eval;

import org.refvlm.api.CocoRle;

/**
 * A binary mask at original-image resolution, kept run-length encoded: a report holds one per
 * sample and decoded masks of real photographs would take hundreds of kilobytes each.
 */
public record MaskRegion(CocoRle rle) implements Region {

    public int height() {
        return rle.height();
    }

    public int width() {
        return rle.width();
    }

    public long area() {
        return rle.area();
    }

    /** The row-major pixels, {@code [y * width + x]}. */
    public boolean[] pixels() {
        return rle.decode();
    }
}
