package org.refvlm.trainer.score.coco;

import java.util.Arrays;
import java.util.Locale;

/** What a COCO evaluation compares: boxes, masks or keypoint sets (pycocotools' {@code iouType}). */
public enum CocoIouType {
    BBOX,
    SEGM,
    KEYPOINTS;

    /** The word pycocotools and the command line use: {@code bbox}, {@code segm}, {@code keypoints}. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException for any other word than bbox, segm or keypoints */
    public static CocoIouType fromWord(String word) {
        String w = word.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(t -> t.word().equals(w)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("unknown COCO evaluation type '" + word + "': expected bbox, segm or keypoints"));
    }
}
