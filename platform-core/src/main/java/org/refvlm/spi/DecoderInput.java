package org.refvlm.spi;

import ai.djl.ndarray.NDArray;
import java.util.List;
import java.util.Map;

/**
 * One batch handed to a decoder by the latent embeddings router.
 *
 * @param queries   the {@code <REF>} embeddings, padded per sample: {@code [B, L, D]}
 * @param queryMask which of them are real: {@code [B, L]}, boolean
 * @param features  the feature maps the decoder asked for by name, each {@code [B, C, H, W]} or {@code [B, N, C]}
 * @param frames    per sample, where its image sits in the padded square
 */
public record DecoderInput(NDArray queries, NDArray queryMask, Map<String, NDArray> features, List<ImageFrame> frames) {

    public DecoderInput {
        features = Map.copyOf(features);
        frames = List.copyOf(frames);
        long batch = queries.getShape().get(0);
        if (queries.getShape().dimension() != 3 || !queryMask.getShape().equals(queries.getShape().slice(0, 2))) {
            throw new IllegalArgumentException("queries must be [B, L, D] and queryMask [B, L]; got "
                    + queries.getShape() + " and " + queryMask.getShape());
        }
        if (frames.size() != batch) {
            throw new IllegalArgumentException("batch of " + batch + " samples but " + frames.size() + " image frames");
        }
    }

    public int batchSize() {
        return frames.size();
    }
}
