package org.refvlm.api;

/**
 * A box in xyxy original-image pixels, with the decoder's confidence in [0, 1], or
 * {@link #NO_SCORE} from a decoder that has none (a regression head alone, like REF-VLM's DETR
 * box decoder): a made-up constant would read as a real confidence.
 */
public record BoxUnit(double x0, double y0, double x1, double y1, double score) implements DecodedUnit {

    public static final String UNIT = "box";

    /** The score of a box whose decoder gives no confidence; {@link #hasScore()} is false. */
    public static final double NO_SCORE = Double.NaN;

    public BoxUnit {
        if (!Double.isNaN(score) && !(score >= 0 && score <= 1)) {
            throw new IllegalArgumentException("a box's score is a confidence in [0, 1] or NO_SCORE, got " + score);
        }
        if (!(x1 >= x0 && y1 >= y0)) {
            throw new IllegalArgumentException(
                    "box needs x1 >= x0 and y1 >= y0, got [" + x0 + ", " + y0 + ", " + x1 + ", " + y1 + "]");
        }
    }

    @Override
    public String unit() {
        return UNIT;
    }

    /** Whether the decoder gave a confidence for this box. */
    public boolean hasScore() {
        return !Double.isNaN(score);
    }

    public double area() {
        return (x1 - x0) * (y1 - y0);
    }
}
