package org.refvlm.decoder.keypoint.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Activation;
import org.refvlm.decoder.keypoint.KeypointPredictions;
import org.refvlm.nn.Linear;
import org.refvlm.nn.Mlp;
import org.refvlm.nn.NonLinearity;
import org.refvlm.nn.Parameters;
import org.refvlm.nn.Scalars;

/**
 * The prediction heads on the decoder's output: the instance query gives the box (DETR's 3-layer
 * MLP, sigmoid), the schema logits and the instance score; each keypoint query gives its point and
 * its visibility logit.
 *
 * <p>A keypoint is placed relative to its instance's predicted box: {@code centre + REACH * size *
 * tanh(offset)}. Where a keypoint sits inside its box is what a schema fixes (a hexagon's corners)
 * or what varies little with pose (a person's), independent of where the instance is and how large
 * it is, so the heads learn a layout and the box carries position and scale. {@link #REACH} lets a
 * point lie an eighth of the box beyond each edge: points on the edge itself (corners, tips) are
 * then reached without saturating the tanh, and a slightly small box does not clip them. The
 * keypoint losses reach the box too, so box and points are trained to agree.
 */
public final class KeypointHeads {

    /** Half-extent of the keypoint range, in box sizes: 0.625 = half the box plus an eighth. */
    public static final double REACH = 0.625;

    private final Mlp box;
    private final Mlp offset;
    private final Linear visibility;
    private final Linear schema;
    private final Linear score;

    public KeypointHeads(Parameters params, int dModel, int schemas) {
        this.box = new Mlp(params, "bbox_embed", dModel, dModel, 4, 3, NonLinearity.RELU);
        this.offset = new Mlp(params, "keypoint_embed", dModel, dModel, 2, 3, NonLinearity.RELU);
        this.visibility = new Linear(params, "visibility_embed", dModel, 1);
        this.schema = new Linear(params, "schema_embed", dModel, schemas);
        this.score = new Linear(params, "score_embed", dModel, 1);
    }

    /** @param hidden [B, L, 1 + K, d] the decoder's normalised output, slot 0 the instance's */
    public KeypointPredictions forward(NDArray hidden) {
        return forward(hidden, null);
    }

    /**
     * @param hidden    [B, L, 1 + K, d] the decoder's normalised output, slot 0 the instance's
     * @param reference [B, L, 4] a box in (0, 1) the box head corrects (its output is added to the
     *                  reference's logit, as DETR's {@code boxesFromMap}), or null for a box from nothing
     */
    public KeypointPredictions forward(NDArray hidden, NDArray reference) {
        NDArray instance = hidden.get(new NDIndex(":, :, 0, :"));                         // [B, L, d]
        NDArray points = hidden.get(new NDIndex(":, :, 1:, :"));                          // [B, L, K, d]
        NDArray boxLogits = box.forward(instance);                                        // [B, L, 4]
        if (reference != null) {
            boxLogits = boxLogits.add(reference.div(reference.neg().add(1f)).log());
        }
        NDArray boxes = Activation.sigmoid(boxLogits);                                    // [B, L, 4]
        NDArray centre = boxes.get(new NDIndex("..., :2")).expandDims(2);                 // [B, L, 1, 2]
        NDArray size = boxes.get(new NDIndex("..., 2:")).expandDims(2);                   // [B, L, 1, 2]
        NDArray spread = Activation.tanh(offset.forward(points));                         // [B, L, K, 2] in (-1, 1)
        NDArray keypoints = Scalars.mul(spread.mul(size), REACH).add(centre);             // [B, L, K, 2]
        NDArray visible = visibility.forward(points).squeeze(-1);                         // [B, L, K]
        NDArray schemas = schema.forward(instance);                                       // [B, L, S]
        NDArray scores = score.forward(instance).squeeze(-1);                             // [B, L]
        return new KeypointPredictions(boxes, keypoints, visible, schemas, scores);
    }
}
