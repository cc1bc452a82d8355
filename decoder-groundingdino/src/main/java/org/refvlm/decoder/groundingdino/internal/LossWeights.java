package org.refvlm.decoder.groundingdino.internal;

/**
 * The weights of Grounding DINO's training loss and matching cost, shared by the REF-driven
 * decoder and caption pretraining.
 *
 * @param classWeight weight of the focal classification loss and cost
 * @param l1Weight    weight of the L1 box loss and cost
 * @param giouWeight  weight of the GIoU loss and cost
 * @param focalAlpha  focal loss alpha, in [0, 1]
 * @param focalGamma  focal loss gamma
 */
public record LossWeights(double classWeight, double l1Weight, double giouWeight, double focalAlpha,
                          double focalGamma) {

    public LossWeights {
        if (!(classWeight >= 0 && l1Weight >= 0 && giouWeight >= 0 && focalAlpha >= 0 && focalAlpha <= 1
                && focalGamma >= 0)) {
            throw new IllegalArgumentException("loss weights must be non-negative and focalAlpha in [0, 1]; got class "
                    + classWeight + ", l1 " + l1Weight + ", giou " + giouWeight + ", alpha " + focalAlpha + ", gamma "
                    + focalGamma);
        }
    }
}
