package org.refvlm.decoder.sam;

/**
 * The SAM plug: each {@code <REF>} embedding passes an MLP into SAM's prompt space and becomes one
 * sparse prompt token; SAM's image and prompt encoders stay frozen, its mask decoder trains.
 *
 * @param queryInputDim  width of the {@code <REF>} embeddings
 * @param promptDim      SAM's prompt embedding width
 * @param numQueries     query length L
 * @param imageSize      SAM's input side (longest side resized to it, then padded)
 * @param focalWeight    weight of the sigmoid focal loss and matching cost
 * @param diceWeight     weight of the dice loss and matching cost
 */
public record SamDecoderConfig(
        int queryInputDim, int promptDim, int numQueries, int imageSize, double focalWeight, double diceWeight) {

    public SamDecoderConfig {
        if (queryInputDim <= 0 || promptDim <= 0 || numQueries <= 0 || imageSize <= 0) {
            throw new IllegalArgumentException("SAM decoder sizes must be positive");
        }
    }

    /** REF-VLM's stage-3 SAM ViT-H plug. */
    public static SamDecoderConfig reference() {
        return new SamDecoderConfig(4096, 256, 100, 1024, 20.0, 1.0);
    }
}
