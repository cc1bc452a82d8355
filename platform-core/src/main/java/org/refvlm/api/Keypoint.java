package org.refvlm.api;

/**
 * One keypoint in original-image pixels with COCO visibility: 0 not labelled (x and y are then
 * meaningless), 1 labelled but occluded, 2 labelled and visible.
 */
public record Keypoint(String name, double x, double y, int visibility) {

    public Keypoint {
        if (visibility < 0 || visibility > 2) {
            throw new IllegalArgumentException("keypoint visibility must be 0, 1 or 2, got " + visibility);
        }
    }
}
