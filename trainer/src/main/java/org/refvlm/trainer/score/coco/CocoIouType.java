package org.refvlm.trainer.score.coco;

import java.util.Locale;

/** What a COCO evaluation compares: boxes, masks or keypoint sets (pycocotools' {@code iouType}). */
public enum CocoIouType {
    BBOX("bbox"),
    SEGM("segm"),
    KEYPOINTS("keypoints");

    private final String word;

    CocoIouType(String word) {
        this.word = word;
    }

    /** The word pycocotools and the command line use. */
    public String word() {
        return word;
    }

    /** @throws IllegalArgumentException for any other word than bbox, segm or keypoints */
    public static CocoIouType fromWord(String word) {
        String w = word.trim().toLowerCase(Locale.ROOT);
        for (CocoIouType t : values()) {
            if (t.word.equals(w)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown COCO evaluation type '" + word + "': expected bbox, segm or keypoints");
    }
}
