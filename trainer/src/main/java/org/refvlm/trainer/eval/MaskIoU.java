package org.refvlm.trainer.eval;

/**
 * RES metrics over a set: cIoU = Σ I / Σ U (large objects weigh more) and mIoU = the mean of the
 * per-sample I / U (every sample weighs the same), as the reference's {@code class_iou} and
 * {@code global_iou}.
 */
public final class MaskIoU {

    private int samples;
    private long intersectionSum;
    private long unionSum;
    private double iouSum;

    /** @return the sample's IoU */
    public double add(MaskOverlap overlap) {
        samples++;
        intersectionSum += overlap.intersection();
        unionSum += overlap.union();
        double iou = overlap.iou();
        iouSum += iou;
        return iou;
    }

    public int samples() {
        return samples;
    }

    /** Σ I / Σ U; NaN before the first sample, 1 when every union was empty. */
    public double cIoU() {
        if (samples == 0) {
            return Double.NaN;
        }
        return unionSum == 0 ? 1 : (double) intersectionSum / unionSum;
    }

    /** Mean per-sample IoU; NaN before the first sample. */
    public double mIoU() {
        return samples == 0 ? Double.NaN : iouSum / samples;
    }
}
