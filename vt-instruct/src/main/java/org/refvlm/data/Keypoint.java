package org.refvlm.data;

/**
 * One keypoint with COCO visibility: 0 = not labelled (outside the image or unknown), 1 = labelled but
 * occluded, 2 = labelled and visible.
 */
public record Keypoint(double x, double y, int visibility) {
    public static final int NOT_LABELLED = 0;
    public static final int OCCLUDED = 1;
    public static final int VISIBLE = 2;

    public boolean labelled() {
        return visibility > 0;
    }
}
