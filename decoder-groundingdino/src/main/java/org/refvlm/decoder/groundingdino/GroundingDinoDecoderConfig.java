package org.refvlm.decoder.groundingdino;

/**
 * Grounding DINO as a box decoder: {@code <REF>} embeddings are projected to its text-feature
 * width and stand in for the text tokens its queries are scored against.
 *
 * @param queryInputDim  width of the {@code <REF>} embeddings
 * @param textDim        Grounding DINO's text feature width
 * @param numQueries     object queries of its decoder
 * @param l1Weight       weight of the L1 box loss and matching cost
 * @param giouWeight     weight of the generalized-IoU loss and matching cost
 */
public record GroundingDinoDecoderConfig(int queryInputDim, int textDim, int numQueries, double l1Weight, double giouWeight) {

    public GroundingDinoDecoderConfig {
        if (queryInputDim <= 0 || textDim <= 0 || numQueries <= 0) {
            throw new IllegalArgumentException("Grounding DINO decoder sizes must be positive");
        }
    }

    /** Grounding DINO Swin-T sizes with REF-VLM's box loss weights. */
    public static GroundingDinoDecoderConfig reference() {
        return new GroundingDinoDecoderConfig(4096, 256, 900, 5.0, 2.0);
    }
}
