package org.refvlm.trainer.eval;

/**
 * REC accuracy at IoU 0.5: the share of samples whose predicted box overlaps the target with
 * IoU of at least {@link #THRESHOLD}. A sample without a predicted box is wrong.
 */
public final class RecAccuracy {

    /** Inclusive: IoU exactly 0.5 counts as correct (the reference's {@code > 0.5} differs only on ties). */
    public static final double THRESHOLD = 0.5;

    private int samples;
    private int correct;
    private double iouSum;

    /**
     * Scores one sample.
     *
     * @param predicted the first predicted box, or null when the answer had none
     * @return the sample's IoU, 0 without a prediction
     */
    public double add(PixelBox predicted, PixelBox target) {
        double iou = predicted == null ? 0 : predicted.iou(target);
        samples++;
        iouSum += iou;
        if (isCorrect(iou)) {
            correct++;
        }
        return iou;
    }

    public static boolean isCorrect(double iou) {
        return iou >= THRESHOLD;
    }

    public int samples() {
        return samples;
    }

    public int correct() {
        return correct;
    }

    /** correct / samples; NaN before the first sample. */
    public double accuracy() {
        return samples == 0 ? Double.NaN : (double) correct / samples;
    }

    /** Mean IoU over the samples; NaN before the first sample. */
    public double meanIou() {
        return samples == 0 ? Double.NaN : iouSum / samples;
    }
}
