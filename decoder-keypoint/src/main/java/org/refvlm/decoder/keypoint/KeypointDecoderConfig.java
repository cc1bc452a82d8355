package org.refvlm.decoder.keypoint;

import java.util.List;

/**
 * Sizes of the pose decoder: an inner box decoder whose output queries each expand into one box
 * slot and {@code keypointNames.size()} keypoint slots.
 *
 * @param queryInputDim   width of the {@code <REF>} embeddings
 * @param numQueries      query length L
 * @param keypointNames   names of the keypoints, in slot order
 * @param dModel          transformer width
 * @param layers          decoder layers
 * @param heads           attention heads
 * @param boxL1Weight     weight of the box L1 loss
 * @param giouWeight      weight of the generalized-IoU loss
 * @param keypointWeight  weight of the L1 loss over visible keypoints
 * @param visibilityWeight weight of the visibility focal loss
 */
public record KeypointDecoderConfig(
        int queryInputDim, int numQueries, List<String> keypointNames, int dModel, int layers, int heads,
        double boxL1Weight, double giouWeight, double keypointWeight, double visibilityWeight) {

    /** The 17 COCO person keypoints in COCO's order. */
    public static final List<String> COCO_PERSON = List.of(
            "nose", "left_eye", "right_eye", "left_ear", "right_ear", "left_shoulder", "right_shoulder",
            "left_elbow", "right_elbow", "left_wrist", "right_wrist", "left_hip", "right_hip",
            "left_knee", "right_knee", "left_ankle", "right_ankle");

    public KeypointDecoderConfig {
        keypointNames = List.copyOf(keypointNames);
        if (keypointNames.isEmpty()) {
            throw new IllegalArgumentException("a keypoint decoder needs at least one keypoint name");
        }
        if (dModel % heads != 0) {
            throw new IllegalArgumentException("dModel " + dModel + " is not divisible by heads " + heads);
        }
    }

    /** REF-VLM's stage-3 keypoint decoder on COCO person keypoints. */
    public static KeypointDecoderConfig reference() {
        return new KeypointDecoderConfig(4096, 100, COCO_PERSON, 256, 6, 8, 5.0, 2.0, 2.0, 1.0);
    }
}
