package org.refvlm.decoder.keypoint.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.refvlm.core.matching.GroupedHungarianMatcher;
import org.refvlm.decoder.keypoint.KeypointDecoderConfig;
import org.refvlm.decoder.keypoint.KeypointPredictions;
import org.refvlm.nn.Constants;
import org.refvlm.nn.Scalars;
import org.refvlm.spi.TargetGroup;
import org.refvlm.spi.support.BoxLosses;
import org.refvlm.spi.support.Matching;
import org.refvlm.spi.support.PairCost;

/**
 * The keypoint decoder's matching cost and loss.
 *
 * <p><b>Cost</b> of a prediction against a target of its phrase group:
 * {@code boxL1 * L1 - giou * GIoU + oks * (1 - OKS)}, the box terms DETR's and OKS over the
 * target's labelled keypoints with its schema's sigmas.
 *
 * <p><b>Loss</b> over the matched pairs, each term summed over pairs and divided by the batch's
 * number of targets {@code T} (as DETR normalises), weighted by the config:
 * <ul>
 * <li>box: L1 + GIoU ({@link BoxLosses});</li>
 * <li>OKS: {@code 1 - OKS} per target with at least one labelled keypoint;</li>
 * <li>keypoint L1: {@code |dx| + |dy|} averaged over the target's labelled keypoints (visibility 1
 * or 2: an occluded keypoint's position is still known, and COCO's OKS counts it too);</li>
 * <li>visibility: binary cross-entropy of "visible" (visibility 2) against the logit, averaged over
 * the slots of the target's schema (a slot the schema lacks is not trained);</li>
 * <li>schema: cross-entropy of the target's schema;</li>
 * <li>score: binary cross-entropy of the instance logit against the pair's own OKS, detached (1 for
 * a target without labelled keypoints), and against 0 for every query of a group left without a
 * target. The score thus estimates the OKS of its own keypoints, which is what keypoint AP ranks
 * detections by.</li>
 * </ul>
 */
public final class KeypointLosses {

    private KeypointLosses() {
    }

    /**
     * The matching cost for {@code TargetMatcher} with {@link KeypointTargets}, on
     * {@link KeypointPredictions#geometry()}: {@code [G, N, 4 + 2K] x [G, M, 4 + 4K + 2] -> [G, N, M]}.
     */
    public static PairCost cost(KeypointDecoderConfig config, int slots) {
        return (predicted, targets, samples) -> {
            Shape p = predicted.getShape();
            Shape t = targets.getShape();
            long g = p.get(0), n = p.get(1), m = t.get(1);
            NDArray box = GroupedHungarianMatcher.boxCost(predicted.get(new NDIndex("..., :4")),
                    targets.get(new NDIndex("..., :4")), config.boxL1Weight(), config.giouWeight());      // [G, N, M]
            NDArray points = predicted.get(new NDIndex("..., 4:")).reshape(g, n, 1, slots, 2);          // [G, N, 1, K, 2]
            NDArray slotsOf = targets.get(new NDIndex("..., 4:{}", 4 + 4 * slots)).reshape(g, 1, m, slots, 4); // [G, 1, M, K, 4]
            NDArray truth = slotsOf.get(new NDIndex("..., :2"));                                         // [G, 1, M, K, 2]
            NDArray labelled = slotsOf.get(new NDIndex("..., 2")).gt(0f).toType(predicted.getDataType(), false); // [G, 1, M, K]
            NDArray sigmas = slotsOf.get(new NDIndex("..., 3"));                                         // [G, 1, M, K]
            NDArray area = targets.get(new NDIndex("..., {}", 4 + 4 * slots + 1)).reshape(g, 1, m);    // [G, 1, M]
            NDArray oks = Oks.of(points, truth, labelled, sigmas, area);                                 // [G, N, M]
            return box.add(Scalars.mul(oks.neg().add(1f), config.oksWeight()));
        };
    }

    /**
     * The weighted loss over the matched pairs, a scalar in the predictions' graph; zero but still
     * connected to every head when nothing was matched.
     */
    public static NDArray loss(KeypointPredictions predicted, Matching matched, List<TargetGroup> groups,
            KeypointDecoderConfig config, int slots) {
        if (matched.size() == 0) {
            return Scalars.zeroLike(predicted.geometry()).add(Scalars.zeroLike(predicted.visibility()))
                    .add(Scalars.zeroLike(predicted.schemas())).add(Scalars.zeroLike(predicted.scores()));
        }
        int pairs = matched.size();
        double total = matched.totalTargets();
        NDArray geometry = predicted.geometry();
        NDManager manager = geometry.getManager();
        DataType type = geometry.getDataType();
        NDArray target = matched.targetTensor(manager).toType(type, false);                    // [P, 4 + 4K + 2]

        NDArray boxLoss = BoxLosses.loss(predicted.boxes(), boxesOnly(matched), config.boxL1Weight(),
                config.giouWeight());                                                           // already / T

        NDArray points = matched.gather(predicted.keypoints());                                 // [P, K, 2]
        NDArray slotsOf = target.get(new NDIndex(":, 4:{}", 4 + 4 * slots)).reshape(pairs, slots, 4); // [P, K, 4]
        NDArray truth = slotsOf.get(new NDIndex("..., :2"));                                    // [P, K, 2]
        NDArray visibility = slotsOf.get(new NDIndex("..., 2"));                                // [P, K]
        NDArray labelled = visibility.gt(0f).toType(type, false);                               // [P, K]
        NDArray inSchema = visibility.gte(0f).toType(type, false);                              // [P, K]
        NDArray visible = visibility.eq(2f).toType(type, false);                                // [P, K]
        NDArray sigmas = slotsOf.get(new NDIndex("..., 3"));                                    // [P, K]
        NDArray area = target.get(new NDIndex(":, {}", 4 + 4 * slots + 1));                     // [P]
        NDArray anyLabelled = labelled.sum(new int[] {-1}).gt(0f).toType(type, false);          // [P]

        NDArray oks = Oks.of(points, truth, labelled, sigmas, area);                            // [P]
        NDArray oksLoss = oks.neg().add(1f).mul(anyLabelled).sum();
        NDArray l1 = points.sub(truth).abs().sum(new int[] {-1}).mul(labelled).sum(new int[] {-1}) // [P]
                .div(labelled.sum(new int[] {-1}).maximum(1f)).sum();
        NDArray visLogits = matched.gather(predicted.visibility());                             // [P, K]
        NDArray visLoss = crossEntropy(visLogits, visible).mul(inSchema).sum(new int[] {-1})
                .div(inSchema.sum(new int[] {-1})).sum();
        NDArray schemaLogits = matched.gather(predicted.schemas());                             // [P, S]
        NDArray schemaLoss = schemaLogits.logSoftmax(-1).mul(oneHot(matched, slots, schemaLogits)).sum().neg();

        // The score's target is the pair's own OKS, without gradient: it estimates, never steers, the points.
        NDArray quality = oks.stopGradient().mul(anyLabelled).add(anyLabelled.neg().add(1f));   // [P]
        NDArray scoreLoss = crossEntropy(matched.gather(predicted.scores()), quality).sum();
        long[] unmatched = unmatchedRows(matched, groups, (int) predicted.scores().getShape().get(1));
        if (unmatched.length > 0) {
            NDArray flat = predicted.scores().reshape(-1);                                      // [B L]
            NDArray left = flat.get(manager.create(unmatched));                                 // [U]
            scoreLoss = scoreLoss.add(crossEntropy(left, left.zerosLike().stopGradient()).sum());
        }

        NDArray rest = Scalars.mul(oksLoss, config.oksWeight())
                .add(Scalars.mul(l1, config.keypointL1Weight()))
                .add(Scalars.mul(visLoss, config.visibilityWeight()))
                .add(Scalars.mul(schemaLoss, config.schemaWeight()))
                .add(Scalars.mul(scoreLoss, config.scoreWeight()));
        return boxLoss.add(Scalars.div(rest, total));
    }

    /** Binary cross-entropy with logits, elementwise: {@code max(x, 0) - x t + log(1 + exp(-|x|))}. */
    static NDArray crossEntropy(NDArray logits, NDArray target) {
        return Activation.relu(logits).sub(logits.mul(target)).add(logits.abs().neg().exp().add(1f).log());
    }

    /** The same pairs with only the box columns of their targets, for {@link BoxLosses}. */
    /** The same pairs with each target cut to its box, {@code (cx, cy, w, h)}: what box-only losses read. */
    public static Matching boxesOnly(Matching matched) {
        int width = matched.width();
        float[] boxes = new float[matched.size() * 4];
        for (int k = 0; k < matched.size(); k++) {
            System.arraycopy(matched.encoded(), k * width, boxes, k * 4, 4);
        }
        return new Matching(matched.rows(), matched.groups(), matched.targets(), boxes, 4, matched.totalTargets());
    }

    /** [P, S] one-hot of each pair's schema index, engine-owned. */
    private static NDArray oneHot(Matching matched, int slots, NDArray logits) {
        int schemas = (int) logits.getShape().get(1);
        int column = 4 + 4 * slots;
        float[] hot = new float[matched.size() * schemas];
        for (int k = 0; k < matched.size(); k++) {
            hot[k * schemas + (int) matched.encoded()[k * matched.width() + column]] = 1f;
        }
        return Constants.of(logits.getManager(), hot, new Shape(matched.size(), schemas)).toType(logits.getDataType(), false);
    }

    /** Rows in {@code [B * L]} of the groups' queries that matching left without a target. */
    private static long[] unmatchedRows(Matching matched, List<TargetGroup> groups, int length) {
        Set<Long> taken = new HashSet<>();
        for (long r : matched.rows()) {
            taken.add(r);
        }
        List<Long> left = new ArrayList<>();
        for (TargetGroup g : groups) {
            for (int q : g.queries()) {
                long row = (long) g.batchIndex() * length + q;
                if (!taken.contains(row)) {
                    left.add(row);
                }
            }
        }
        return left.stream().mapToLong(Long::longValue).toArray();
    }
}
