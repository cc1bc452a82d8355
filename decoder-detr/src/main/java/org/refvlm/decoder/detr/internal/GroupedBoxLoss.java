package org.refvlm.decoder.detr.internal;

import ai.djl.ndarray.NDArray;
import org.refvlm.tensor.Scalars;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import org.refvlm.api.BoxUnit;
import org.refvlm.api.DecodedUnit;
import org.refvlm.core.matching.Assignment;
import org.refvlm.core.matching.BoxOps;
import org.refvlm.core.matching.GroupedHungarianMatcher;
import org.refvlm.spi.ImageFrame;
import org.refvlm.spi.TargetGroup;

/**
 * The box loss on matched pairs: {@code (l1Weight * sum |b - t|_1 + giouWeight * sum (1 - GIoU(b, t))) / T},
 * {@code T} the number of target boxes in the batch. Pairs come from grouped Hungarian matching
 * with the same weights as cost: the costs of all phrase groups are computed as one padded
 * {@code [G, Nmax, Mmax]} tensor and every group is solved on its own block, so a prediction only
 * competes for the targets of its own phrase.
 */
public final class GroupedBoxLoss {

    /** A harmless box for padded target cells: keeps the padded costs finite (they are never read). */
    private static final float[] FILLER = {0.5f, 0.5f, 1f, 1f};

    private final GroupedHungarianMatcher matcher;
    private final double l1Weight;
    private final double giouWeight;

    public GroupedBoxLoss(GroupedHungarianMatcher matcher, double l1Weight, double giouWeight) {
        this.matcher = matcher;
        this.l1Weight = l1Weight;
        this.giouWeight = giouWeight;
    }

    /**
     * The matched pairs of a batch.
     *
     * @param rows         per pair, the prediction's row in the flattened {@code [B * L]} queries
     * @param targets      per pair, its target as normalised (cx, cy, w, h): {@code [K * 4]}
     * @param totalTargets target boxes in the batch (the losses' divisor), matched or not
     */
    public record Matched(long[] rows, float[] targets, int totalTargets) {
        public int size() {
            return rows.length;
        }
    }

    /**
     * The L1 + GIoU loss of the pairs {@link #match} found for {@code predicted}.
     *
     * @param predicted [B, L, 4] normalised (cx, cy, w, h), in the caller's autograd graph
     * @return scalar loss in the same graph; zero but still connected to the predictions when
     *         there is nothing to match
     */
    public NDArray loss(NDArray predicted, Matched matched) {
        int pairs = matched.size();
        if (pairs == 0) {
            // Nothing to match: a zero that still reaches every parameter, so the trainer (and any
            // data-parallel reduction) sees this decoder in the graph.
            return Scalars.mul(predicted.sum(), 0);
        }
        NDManager manager = predicted.getManager();
        NDArray flat = predicted.reshape(predicted.getShape().get(0) * predicted.getShape().get(1), 4); // [B*L, 4]
        NDArray p = flat.get(manager.create(matched.rows()));                         // [K, 4], in the graph
        NDArray t = manager.create(matched.targets(), new Shape(pairs, 4)).toType(p.getDataType(), false); // [K, 4]
        NDArray l1 = p.sub(t).abs().sum();
        // Pairwise GIoU of [K, 1, 4] against [K, 1, 4] gives each pair's own GIoU as [K, 1, 1].
        NDArray giou = BoxOps.generalizedIou(corners(p).reshape(pairs, 1, 4), corners(t).reshape(pairs, 1, 4));
        NDArray giouLoss = giou.neg().add(1f).sum();
        NDArray weighted = Scalars.mul(l1, l1Weight).add(Scalars.mul(giouLoss, giouWeight));
        return Scalars.div(weighted, matched.totalTargets());
    }

    /**
     * Grouped Hungarian matching of {@code predicted} (detached) against the groups' targets, with
     * the loss weights as cost.
     *
     * @param groups phrase groups with their queries and BoxUnit targets in pixels
     * @param frames per sample, the padded square the targets are normalised to
     */
    public Matched match(NDArray predicted, List<TargetGroup> groups, List<ImageFrame> frames) {
        NDManager manager = predicted.getManager();
        long batch = predicted.getShape().get(0);
        int length = (int) predicted.getShape().get(1);
        int g = groups.size();
        int[] rows = new int[g];
        int[] cols = new int[g];
        int nMax = 0;
        int mMax = 0;
        int totalTargets = 0;
        for (int i = 0; i < g; i++) {
            TargetGroup group = groups.get(i);
            if (group.batchIndex() < 0 || group.batchIndex() >= batch) {
                throw new IllegalArgumentException("target group " + i + " refers to sample " + group.batchIndex()
                        + " of a batch of " + batch);
            }
            rows[i] = group.queries().length;
            cols[i] = group.targets().size();
            nMax = Math.max(nMax, rows[i]);
            mMax = Math.max(mMax, cols[i]);
            totalTargets += cols[i];
        }
        NDArray flat = predicted.reshape(batch * length, 4);                           // [B*L, 4]
        if (totalTargets == 0 || nMax == 0) {
            return new Matched(new long[0], new float[0], totalTargets);
        }

        long[] predictionIndex = new long[g * nMax];                                  // padding -> row 0
        float[][] targets = new float[g][];
        float[] paddedTargets = new float[g * mMax * 4];
        for (int i = 0; i < g; i++) {
            TargetGroup group = groups.get(i);
            int[] queries = group.queries();
            for (int q = 0; q < queries.length; q++) {
                if (queries[q] < 0 || queries[q] >= length) {
                    throw new IllegalArgumentException("target group " + i + " names query " + queries[q]
                            + " of " + length);
                }
                predictionIndex[i * nMax + q] = (long) group.batchIndex() * length + queries[q];
            }
            targets[i] = normalisedTargets(group, frames.get(group.batchIndex()), i);
            for (int m = 0; m < mMax; m++) {
                if (m < cols[i]) {
                    System.arraycopy(targets[i], m * 4, paddedTargets, (i * mMax + m) * 4, 4);
                } else {
                    System.arraycopy(FILLER, 0, paddedTargets, (i * mMax + m) * 4, 4);
                }
            }
        }

        // Matching needs no gradient: one batched cost over all groups, on detached predictions.
        NDArray grouped = flat.stopGradient().get(manager.create(predictionIndex)).reshape(g, nMax, 4); // [G, N, 4]
        NDArray targetTensor = manager.create(paddedTargets, new Shape(g, mMax, 4));                  // [G, M, 4]
        NDArray cost = GroupedHungarianMatcher.boxCost(grouped, targetTensor, l1Weight, giouWeight);  // [G, N, M]
        List<Assignment> assignments = matcher.match(cost, rows, cols);

        List<Long> matchedPredictions = new ArrayList<>();
        List<float[]> matchedTargets = new ArrayList<>();
        for (int i = 0; i < g; i++) {
            Assignment a = assignments.get(i);
            for (int k = 0; k < a.size(); k++) {
                matchedPredictions.add(predictionIndex[i * nMax + a.rowIndices()[k]]);
                int t = a.columnIndices()[k];
                matchedTargets.add(new float[] {
                    targets[i][t * 4], targets[i][t * 4 + 1], targets[i][t * 4 + 2], targets[i][t * 4 + 3]});
            }
        }
        int pairs = matchedPredictions.size();
        long[] index = new long[pairs];
        float[] target = new float[pairs * 4];
        for (int k = 0; k < pairs; k++) {
            index[k] = matchedPredictions.get(k);
            System.arraycopy(matchedTargets.get(k), 0, target, k * 4, 4);
        }
        return new Matched(index, target, totalTargets);
    }

    /**
     * [K, 4] (cx, cy, w, h) -> (x0, y0, x1, y1) for the graph path. Same as
     * {@link BoxOps#centreToCorners}, which divides by a temporary scalar that the engine's backward
     * pass would read after it is freed (see {@link Scalars}); the matching cost uses BoxOps itself.
     */
    private static NDArray corners(NDArray boxes) {
        NDArray centre = boxes.get(new NDIndex(":, :2"));
        NDArray half = Scalars.mul(boxes.get(new NDIndex(":, 2:")), 0.5);
        return NDArrays.concat(new NDList(centre.sub(half), centre.add(half)), -1);
    }

    /** [M * 4] the group's BoxUnit targets as (cx, cy, w, h) normalised by the sample's square side. */
    private static float[] normalisedTargets(TargetGroup group, ImageFrame frame, int groupIndex) {
        List<DecodedUnit> units = group.targets();
        float[] out = new float[units.size() * 4];
        double side = frame.side();
        for (int m = 0; m < units.size(); m++) {
            if (!(units.get(m) instanceof BoxUnit box)) {
                throw new IllegalArgumentException("target group " + groupIndex + " holds a "
                        + units.get(m).unit() + " target; the box decoder needs BoxUnit targets");
            }
            out[m * 4] = (float) ((box.x0() + box.x1()) / 2 / side);
            out[m * 4 + 1] = (float) ((box.y0() + box.y1()) / 2 / side);
            out[m * 4 + 2] = (float) ((box.x1() - box.x0()) / side);
            out[m * 4 + 3] = (float) ((box.y1() - box.y0()) / side);
        }
        return out;
    }
}
