package org.refvlm.spi.support;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import org.refvlm.core.matching.Assignment;
import org.refvlm.core.matching.GroupedAssignment;
import org.refvlm.core.matching.GroupedHungarianMatcher;
import org.refvlm.spi.TargetGroup;

/**
 * Grouped Hungarian matching of a decoder's predictions against its {@link TargetGroup}s (paper
 * section IV-C), as DETR's {@code HungarianMatcher.forward(outputs, targets)} does for one image:
 * a prediction competes only for the targets of its own phrase group. The costs of all groups are
 * computed as one padded {@code [G, Nmax, Mmax]} tensor by the decoder's {@link PairCost}, on the
 * device, without gradient; only the cost matrix goes to the host, once, for the assignment solver.
 *
 * <p>Single-threaded: a batch's few small groups never repay waking helper threads.
 */
public final class TargetMatcher implements AutoCloseable {

    private final GroupedHungarianMatcher solver = new GroupedHungarianMatcher(GroupedAssignment.sequential());

    /**
     * @param predictions [B, L, ...] the decoder's output for every query slot, in any graph
     * @param groups      the batch's phrase groups with their queries and targets
     * @param encoding    how a target becomes numbers
     * @param cost        the pairwise cost of {@code [G, N, ...]} predictions and {@code [G, M, width]} targets
     * @throws IllegalArgumentException naming the group when it refers to a sample or query
     *                                  outside the batch, or names a query twice
     */
    public Matching match(NDArray predictions, List<TargetGroup> groups, TargetEncoding encoding, PairCost cost) {
        Shape s = predictions.getShape();
        long batch = s.get(0);
        int length = (int) s.get(1);
        int g = groups.size(), width = encoding.width();
        int[] rows = new int[g], cols = new int[g], samples = new int[g];
        int nMax = 0, mMax = 0, total = 0;
        for (int i = 0; i < g; i++) {
            TargetGroup group = groups.get(i);
            group.check(i, batch, length);
            rows[i] = group.queries().length;
            cols[i] = group.targets().size();
            samples[i] = group.batchIndex();
            nMax = Math.max(nMax, rows[i]);
            mMax = Math.max(mMax, cols[i]);
            total += cols[i];
        }
        if (total == 0 || nMax == 0) {
            return Matching.none(width, total);
        }
        long[] predictionIndex = new long[g * nMax];                                  // padding -> row 0
        float[][][] encoded = new float[g][][];
        float[] padded = new float[g * mMax * width];
        float[] filler = encoding.filler();
        for (int i = 0; i < g; i++) {
            TargetGroup group = groups.get(i);
            int[] queries = group.queries();
            for (int q = 0; q < queries.length; q++) {
                predictionIndex[i * nMax + q] = (long) group.batchIndex() * length + queries[q];
            }
            encoded[i] = new float[cols[i]][];
            for (int m = 0; m < mMax; m++) {
                float[] t = m < cols[i] ? encode(encoding, group, i, m, width) : filler;
                if (m < cols[i]) {
                    encoded[i][m] = t;
                }
                System.arraycopy(t, 0, padded, (i * mMax + m) * width, width);
            }
        }
        List<Assignment> assignments;
        try (NDManager scope = predictions.getManager().newSubManager()) {
            NDArray detached = predictions.stopGradient();
            detached.attach(scope);
            long[] flat = s.getShape().clone();
            long[] grouped = s.getShape().clone();
            flat = java.util.Arrays.copyOfRange(flat, 1, flat.length);
            flat[0] = batch * length;                                                 // [B * L, ...]
            grouped[0] = g;
            grouped[1] = nMax;                                                        // [G, N, ...]
            NDArray picked = detached.reshape(new Shape(flat)).get(scope.create(predictionIndex))
                    .reshape(new Shape(grouped));
            NDArray targetTensor = scope.create(padded, new Shape(g, mMax, width)).toType(picked.getDataType(), false);
            assignments = solver.match(cost.cost(picked, targetTensor, samples), rows, cols);
        }
        List<long[]> pairs = new ArrayList<>();                                       // {row, group, target}
        for (int i = 0; i < g; i++) {
            Assignment a = assignments.get(i);
            for (int k = 0; k < a.size(); k++) {
                pairs.add(new long[] {predictionIndex[i * nMax + a.rowIndices()[k]], i, a.columnIndices()[k]});
            }
        }
        int k = pairs.size();
        long[] matchedRows = new long[k];
        int[] matchedGroups = new int[k], matchedTargets = new int[k];
        float[] matchedEncoded = new float[k * width];
        for (int p = 0; p < k; p++) {
            long[] pair = pairs.get(p);
            matchedRows[p] = pair[0];
            matchedGroups[p] = (int) pair[1];
            matchedTargets[p] = (int) pair[2];
            System.arraycopy(encoded[(int) pair[1]][(int) pair[2]], 0, matchedEncoded, p * width, width);
        }
        return new Matching(matchedRows, matchedGroups, matchedTargets, matchedEncoded, width, total);
    }

    private static float[] encode(TargetEncoding encoding, TargetGroup group, int index, int m, int width) {
        float[] t;
        try {
            t = encoding.encode(group.targets().get(m), group.batchIndex());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("target group " + index + ", target " + m + ": " + e.getMessage(), e);
        }
        if (t.length != width) {
            throw new IllegalStateException("target encoding gave " + t.length + " numbers, it declares " + width);
        }
        return t;
    }

    @Override
    public void close() {
        solver.close();
    }
}
