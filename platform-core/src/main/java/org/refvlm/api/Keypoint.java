package org.refvlm.api;

import java.util.Objects;

/**
 * One keypoint in original-image pixels with COCO visibility: 0 not labelled (x and y are then
 * meaningless), 1 labelled but occluded, 2 labelled and visible. A decoded keypoint also carries
 * the decoder's confidence that it is visible, in [0, 1]; a ground-truth keypoint, or one from a
 * decoder without such a head, has {@link #NO_SCORE} ({@link #hasScore()} false), so a made-up
 * constant never reads as a real confidence.
 *
 * @param name       the keypoint's name in its schema ({@code left_wrist}, {@code apex})
 * @param visibility COCO's 0, 1 or 2
 * @param score      confidence in [0, 1], or {@link #NO_SCORE}
 */
public record Keypoint(String name, double x, double y, int visibility, double score) {

    /** The score of a keypoint without a confidence. */
    public static final double NO_SCORE = Double.NaN;
    public static final int NOT_LABELLED = 0;
    public static final int OCCLUDED = 1;
    public static final int VISIBLE = 2;

    public Keypoint {
        Objects.requireNonNull(name, "keypoint name");
        if (visibility < 0 || visibility > 2) {
            throw new IllegalArgumentException("keypoint visibility must be 0, 1 or 2, got " + visibility);
        }
        if (!Double.isNaN(score) && !(score >= 0 && score <= 1)) {
            throw new IllegalArgumentException("a keypoint's score is a confidence in [0, 1] or NO_SCORE, got " + score);
        }
    }

    /** A keypoint without a confidence (ground truth, or a decoder that gives none). */
    public Keypoint(String name, double x, double y, int visibility) {
        this(name, x, y, visibility, NO_SCORE);
    }

    /** Whether the decoder gave a confidence for this keypoint. */
    public boolean hasScore() {
        return !Double.isNaN(score);
    }

    /** Whether the point has a position (visibility 1 or 2). */
    public boolean labelled() {
        return visibility > NOT_LABELLED;
    }
}
