package org.refvlm.trainer.eval;

/** Foreground intersection and union of a predicted and a target mask, in pixels. */
public record MaskOverlap(long intersection, long union) {

    public MaskOverlap {
        if (intersection < 0 || union < intersection) {
            throw new IllegalArgumentException("need 0 <= intersection <= union, got " + intersection + " and " + union);
        }
    }

    /**
     * Overlap of a prediction with the target; a missing prediction counts as an empty mask, so it
     * scores I = 0 and U = |target|.
     *
     * @param predicted the predicted mask, or null when the answer had none
     * @throws IllegalArgumentException when the masks differ in size
     */
    public static MaskOverlap of(MaskRegion predicted, MaskRegion target) {
        if (predicted == null) {
            return new MaskOverlap(0, target.area());
        }
        if (predicted.height() != target.height() || predicted.width() != target.width()) {
            throw new IllegalArgumentException("predicted mask is " + predicted.height() + "x" + predicted.width()
                    + ", the target is " + target.height() + "x" + target.width());
        }
        return of(predicted.pixels(), target.pixels());
    }

    /** Overlap of two row-major masks of the same size. */
    public static MaskOverlap of(boolean[] predicted, boolean[] target) {
        if (predicted.length != target.length) {
            throw new IllegalArgumentException("masks have " + predicted.length + " and " + target.length + " pixels");
        }
        long i = 0;
        long u = 0;
        for (int k = 0; k < target.length; k++) {
            if (predicted[k] && target[k]) {
                i++;
            }
            if (predicted[k] || target[k]) {
                u++;
            }
        }
        return new MaskOverlap(i, u);
    }

    /** I / U; an empty union (both masks empty) is a perfect answer, 1, as in the reference. */
    public double iou() {
        return union == 0 ? 1 : (double) intersection / union;
    }
}
