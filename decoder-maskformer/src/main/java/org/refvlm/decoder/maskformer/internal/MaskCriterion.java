package org.refvlm.decoder.maskformer.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.refvlm.api.CocoRle;
import org.refvlm.api.DecodedUnit;
import org.refvlm.api.MaskUnit;
import org.refvlm.core.matching.Assignment;
import org.refvlm.core.matching.GroupedHungarianMatcher;
import org.refvlm.spi.ImageFrame;
import org.refvlm.spi.TargetGroup;

/**
 * The mask loss with grouped Hungarian matching. The queries of each phrase group are matched to
 * that group's targets by the focal + dice cost (all groups in one padded cost tensor, solved
 * together), then every matched pair contributes
 * {@code focalWeight * focal + diceWeight * dice}, both restricted to the real image inside the
 * padded square, and the sum is divided by the number of target masks.
 */
public final class MaskCriterion implements AutoCloseable {

    /**
     * The logit given to padding pixels for matching only: at this value both the focal and the
     * dice cost of a pixel whose target is 0 vanish, so the cost sees only the real image.
     */
    private static final float PADDING_LOGIT = -1e4f;

    private final GroupedHungarianMatcher matcher;
    private final double focalWeight;
    private final double diceWeight;
    private final boolean areaTargets;

    /**
     * @param areaTargets whether targets on the logits grid are each cell's mask coverage
     *                    ({@link MaskTargets#coverage}) instead of the reference's nearest samples
     */
    public MaskCriterion(GroupedHungarianMatcher matcher, double focalWeight, double diceWeight,
            boolean areaTargets) {
        this.matcher = matcher;
        this.focalWeight = focalWeight;
        this.diceWeight = diceWeight;
        this.areaTargets = areaTargets;
    }

    /** One matched (query, target) pair: a row of the flattened logits and the target's grids. */
    private record Pair(int row, float[] target, float[] valid) {
    }

    /**
     * @param logits    [B, L, H, W] mask logits, in the caller's graph
     * @param queryMask [B, L] boolean, real queries
     * @return scalar loss; exactly 0, but still connected to {@code logits}, when there are no targets
     */
    public NDArray loss(NDArray logits, NDArray queryMask, List<TargetGroup> groups, List<ImageFrame> frames) {
        return loss(List.of(logits), queryMask, groups, frames);
    }

    /**
     * The mean loss of several predictions of the same masks (a masked-attention decoder's, one per
     * layer), each matched on its own; the targets are rastered once for all of them.
     *
     * @param predictions each [B, L, H, W] mask logits, all of one shape, in the caller's graph
     * @param queryMask   [B, L] boolean, real queries
     * @return scalar loss; exactly 0, but still connected to every prediction, when there are no targets
     */
    public NDArray loss(List<NDArray> predictions, NDArray queryMask, List<TargetGroup> groups,
            List<ImageFrame> frames) {
        Shape s = predictions.get(0).getShape();
        int b = (int) s.get(0), l = (int) s.get(1), h = (int) s.get(2), w = (int) s.get(3), pixels = h * w;
        boolean[] real = queryMask.toBooleanArray();
        int targetCount = 0;
        for (TargetGroup g : groups) {
            check(g, b, l, real);
            targetCount += g.targets().size();
        }
        if (targetCount == 0) {
            return mean(predictions.stream().map(MaskCriterion::zeroConnected).toList());
        }
        Map<Integer, float[]> validBySample = new HashMap<>();
        List<float[][]> targetsByGroup = new ArrayList<>();
        for (TargetGroup g : groups) {
            ImageFrame frame = frames.get(g.batchIndex());
            validBySample.computeIfAbsent(g.batchIndex(), i -> areaTargets
                    ? MaskTargets.cellsInImage(frame, h, w) : MaskTargets.validPixels(frame, h, w));
            float[][] t = new float[g.targets().size()][];
            for (int m = 0; m < t.length; m++) {
                CocoRle mask = ((MaskUnit) g.targets().get(m)).mask();
                t[m] = areaTargets ? MaskTargets.coverage(mask, frame, h, w) : MaskTargets.raster(mask, frame, h, w);
            }
            targetsByGroup.add(t);
        }
        List<NDArray> losses = new ArrayList<>(predictions.size());
        for (NDArray logits : predictions) {
            NDArray flat = logits.reshape((long) b * l, pixels);                               // [B*L, P]
            List<Pair> pairs = match(flat, groups, targetsByGroup, validBySample, l, pixels);
            losses.add(pairs.isEmpty() ? zeroConnected(logits) : matchedLoss(flat, pairs, b * l, pixels, targetCount));
        }
        return mean(losses);
    }

    /** The weighted focal + dice loss of the matched pairs, per target. */
    private NDArray matchedLoss(NDArray flat, List<Pair> pairs, int rows, int pixels, int targetCount) {
        NDManager manager = flat.getManager();
        int k = pairs.size();
        float[] select = new float[k * rows];
        float[] target = new float[k * pixels];
        float[] valid = new float[k * pixels];
        for (int i = 0; i < k; i++) {
            Pair pair = pairs.get(i);
            select[i * rows + pair.row()] = 1f;
            System.arraycopy(pair.target(), 0, target, i * pixels, pixels);
            System.arraycopy(pair.valid(), 0, valid, i * pixels, pixels);
        }
        // Gathering the matched rows as a one-hot product keeps the gradient path plain matmul.
        NDArray pred = EngineTensors.constant(manager, select, new Shape(k, rows)).matMul(flat);     // [K, P]
        NDArray y = EngineTensors.constant(manager, target, new Shape(k, pixels));                   // [K, P]
        NDArray v = EngineTensors.constant(manager, valid, new Shape(k, pixels));                    // [K, P]
        NDArray total = EngineTensors.scale(MaskLosses.focal(pred, y, v).sum(), focalWeight)
                .add(EngineTensors.scale(MaskLosses.dice(pred, y, v).sum(), diceWeight));
        return EngineTensors.scale(total, 1.0 / targetCount);
    }

    /** The mean of scalar losses; a single one is returned as it is. */
    private static NDArray mean(List<NDArray> losses) {
        NDArray sum = losses.get(0);
        for (int i = 1; i < losses.size(); i++) {
            sum = sum.add(losses.get(i));
        }
        return losses.size() == 1 ? sum : EngineTensors.scale(sum, 1.0 / losses.size());
    }

    /** 0, but a function of every parameter, so a trainer sees (zero) gradients for all of them. */
    private static NDArray zeroConnected(NDArray logits) {
        return EngineTensors.scale(logits.sum(), 0);
    }

    /** Solves every group's assignment from one padded cost tensor [G, Nmax, Mmax]. */
    private List<Pair> match(NDArray flat, List<TargetGroup> groups, List<float[][]> targetsByGroup,
            Map<Integer, float[]> validBySample, int l, int pixels) {
        int g = groups.size();
        int[] rows = new int[g], cols = new int[g];
        int nMax = 0, mMax = 0;
        for (int i = 0; i < g; i++) {
            rows[i] = groups.get(i).queries().length;
            cols[i] = groups.get(i).targets().size();
            nMax = Math.max(nMax, rows[i]);
            mMax = Math.max(mMax, cols[i]);
        }
        List<Pair> pairs = new ArrayList<>();
        if (nMax == 0) {
            return pairs;
        }
        long flatRows = flat.getShape().get(0);
        NDManager manager = flat.getManager();
        float[] select = new float[(int) (g * nMax * flatRows)];
        float[] valid = new float[g * pixels];
        float[] targets = new float[g * mMax * pixels];
        for (int i = 0; i < g; i++) {
            TargetGroup group = groups.get(i);
            int[] queries = group.queries();
            for (int n = 0; n < queries.length; n++) {
                select[(int) ((i * nMax + n) * flatRows + group.batchIndex() * l + queries[n])] = 1f;
            }
            System.arraycopy(validBySample.get(group.batchIndex()), 0, valid, i * pixels, pixels);
            float[][] t = targetsByGroup.get(i);
            for (int m = 0; m < t.length; m++) {
                System.arraycopy(t[m], 0, targets, (i * mMax + m) * pixels, pixels);
            }
        }
        try (NDManager scope = manager.newSubManager()) {
            NDArray detached = flat.stopGradient();
            detached.attach(scope);
            NDArray predicted = scope.create(select, new Shape((long) g * nMax, flatRows)).matMul(detached)
                    .reshape(g, nMax, pixels);                                                   // [G, N, P]
            NDArray v = scope.create(valid, new Shape(g, 1, pixels));                           // [G, 1, P]
            // padding pixels get PADDING_LOGIT: x*v + (v-1)*|PADDING_LOGIT|
            predicted = predicted.mul(v).add(v.sub(1f).mul(-PADDING_LOGIT));
            NDArray t = scope.create(targets, new Shape(g, mMax, pixels));                      // [G, M, P]
            NDArray cost = GroupedHungarianMatcher.maskCost(predicted, t, focalWeight, diceWeight); // [G, N, M]
            List<Assignment> assignments = matcher.match(cost, rows, cols);
            for (int i = 0; i < g; i++) {
                TargetGroup group = groups.get(i);
                int[] queries = group.queries();
                Assignment a = assignments.get(i);
                for (int k = 0; k < a.size(); k++) {
                    pairs.add(new Pair(group.batchIndex() * l + queries[a.rowIndices()[k]],
                            targetsByGroup.get(i)[a.columnIndices()[k]], validBySample.get(group.batchIndex())));
                }
            }
        }
        return pairs;
    }

    private static void check(TargetGroup g, int batch, int l, boolean[] real) {
        if (g.batchIndex() < 0 || g.batchIndex() >= batch) {
            throw new IllegalArgumentException("target group of sample " + g.batchIndex() + " in a batch of " + batch);
        }
        boolean[] seen = new boolean[l];
        for (int q : g.queries()) {
            if (q < 0 || q >= l || !real[g.batchIndex() * l + q]) {
                throw new IllegalArgumentException("target group of sample " + g.batchIndex() + " names query " + q
                        + ", which is not a real query");
            }
            if (seen[q]) {
                throw new IllegalArgumentException("target group of sample " + g.batchIndex() + " names query " + q
                        + " twice");
            }
            seen[q] = true;
        }
        for (DecodedUnit t : g.targets()) {
            if (!(t instanceof MaskUnit)) {
                throw new IllegalArgumentException("mask decoder got a '" + t.unit() + "' target: "
                        + t.getClass().getName());
            }
        }
    }

    @Override
    public void close() {
        matcher.close();
    }
}
