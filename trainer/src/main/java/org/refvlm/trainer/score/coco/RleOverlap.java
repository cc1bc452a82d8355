package org.refvlm.trainer.score.coco;

import org.refvlm.api.CocoRle;

/**
 * Pixels shared by two masks of the same size, counted on their runs without decoding them: both run
 * lists cover the pixels in the same column-major order, so walking them side by side finds every
 * stretch where both are foreground.
 */
final class RleOverlap {

    private RleOverlap() {
    }

    static long intersection(CocoRle a, CocoRle b) {
        if (a.height() != b.height() || a.width() != b.width()) {
            throw new IllegalArgumentException("masks differ in size: " + a.height() + "x" + a.width() + " and "
                    + b.height() + "x" + b.width());
        }
        int[] ca = a.counts();
        int[] cb = b.counts();
        int i = 0;
        int j = 0;
        long leftA = ca.length > 0 ? ca[0] : 0;
        long leftB = cb.length > 0 ? cb[0] : 0;
        long shared = 0;
        while (i < ca.length && j < cb.length) {
            long step = Math.min(leftA, leftB);
            // runs alternate background, foreground, ...: odd runs are foreground
            if ((i & 1) == 1 && (j & 1) == 1) {
                shared += step;
            }
            leftA -= step;
            leftB -= step;
            if (leftA == 0 && ++i < ca.length) {
                leftA = ca[i];
            }
            if (leftB == 0 && ++j < cb.length) {
                leftB = cb[j];
            }
        }
        return shared;
    }
}
