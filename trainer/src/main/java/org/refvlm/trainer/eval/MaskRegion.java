package org.refvlm.trainer.eval;

import org.refvlm.api.CocoRle;
import org.refvlm.data.RleMask;

/**
 * A binary mask at original-image resolution, kept run-length encoded: a report holds one per
 * sample and decoded masks of real photographs would take hundreds of kilobytes each.
 */
public record MaskRegion(CocoRle rle) implements Region {

    /**
     * From the data's mask. Both classes store COCO runs in the same column-major order, so the
     * counts carry over unchanged.
     *
     * @throws IllegalArgumentException when the runs do not cover the mask exactly
     */
    public static MaskRegion of(RleMask mask) {
        return new MaskRegion(new CocoRle(mask.height(), mask.width(), mask.counts()));
    }

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
