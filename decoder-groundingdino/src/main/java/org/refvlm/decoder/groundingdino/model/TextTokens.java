package org.refvlm.decoder.groundingdino.model;

import ai.djl.ndarray.NDArray;

/**
 * What Grounding DINO's encoder and heads see of the text: one feature per token, already in the
 * transformer's width (BERT + projection for a caption; the projected {@code <REF>} embeddings in
 * the REF-driven route).
 *
 * @param features    [B, T, D]
 * @param tokenMask   [B, T] boolean, true for real tokens: the logits' columns and what the image attends to
 * @param selfMask    [B, T, T] boolean, true where token i may attend to token j in the text enhancer
 * @param positionIds [B, T] float positions of the text enhancer's sine encoding
 */
public record TextTokens(NDArray features, NDArray tokenMask, NDArray selfMask, NDArray positionIds) {

    public TextTokens {
        long b = features.getShape().get(0);
        long t = features.getShape().get(1);
        if (!tokenMask.getShape().equals(new ai.djl.ndarray.types.Shape(b, t))
                || !selfMask.getShape().equals(new ai.djl.ndarray.types.Shape(b, t, t))
                || !positionIds.getShape().equals(new ai.djl.ndarray.types.Shape(b, t))) {
            throw new IllegalArgumentException("text tokens " + features.getShape() + " need a token mask [B, T], a "
                    + "self mask [B, T, T] and position ids [B, T]; got " + tokenMask.getShape() + ", "
                    + selfMask.getShape() + ", " + positionIds.getShape());
        }
    }
}
