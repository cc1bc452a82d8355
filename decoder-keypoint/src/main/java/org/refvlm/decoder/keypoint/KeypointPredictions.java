package org.refvlm.decoder.keypoint;

import ai.djl.ndarray.NDArray;

/**
 * What the keypoint decoder predicts for every query slot, real or padded, in the graph of its inputs.
 * Coordinates are normalised to the padded square.
 *
 * @param boxes      [B, L, 4] (cx, cy, w, h) in (0, 1)
 * @param keypoints  [B, L, K, 2] (x, y) of every keypoint slot
 * @param visibility [B, L, K] logits of "the keypoint is visible" (COCO visibility 2)
 * @param schemas    [B, L, S] logits over the decoder's schemas
 * @param scores     [B, L] logits of the instance's confidence
 */
public record KeypointPredictions(NDArray boxes, NDArray keypoints, NDArray visibility, NDArray schemas, NDArray scores) {

    /** [B, L, 4 + 2K]: box and keypoints side by side, what matching compares with targets. */
    public NDArray geometry() {
        long b = keypoints.getShape().get(0), l = keypoints.getShape().get(1), k = keypoints.getShape().get(2);
        return boxes.concat(keypoints.reshape(b, l, 2 * k), -1);
    }
}
