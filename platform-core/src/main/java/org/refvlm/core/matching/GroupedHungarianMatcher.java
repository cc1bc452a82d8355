package org.refvlm.core.matching;

import ai.djl.ndarray.NDArray;
import org.refvlm.nn.Scalars;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * Grouped Hungarian matching (paper section IV-C): predictions compete only for targets of their
 * own phrase group. The costs of all groups come as one padded tensor {@code [G, Nmax, Mmax]},
 * built in a single batched computation; padded cells become +infinity (the paper's eq. 6 writes
 * minus infinity, which a minimiser would pick), and every group is solved in parallel.
 */
public final class GroupedHungarianMatcher implements AutoCloseable {

    private final GroupedAssignment solver;

    public GroupedHungarianMatcher(GroupedAssignment solver) {
        this.solver = solver;
    }

    /**
     * @param cost [G, Nmax, Mmax] matching cost, any float type, on any device
     * @param rows real predictions per group, each at most Nmax
     * @param cols real targets per group, each at most Mmax
     * @return per group the optimal assignment of its rows to its columns
     */
    public List<Assignment> match(NDArray cost, int[] rows, int[] cols) {
        Shape s = cost.getShape();
        if (s.dimension() != 3 || rows.length != s.get(0) || cols.length != s.get(0)) {
            throw new IllegalArgumentException("cost must be [G, N, M] with G = rows.length = cols.length; got "
                    + s + " for " + rows.length + " and " + cols.length + " group sizes");
        }
        int g = (int) s.get(0), n = (int) s.get(1), m = (int) s.get(2);
        float[] padded = fillPadding(cost, rows, cols).toType(DataType.FLOAT32, false).toFloatArray();
        return solver.solve(PaddedCostBatch.of(padded, g, n, m, rows, cols));
    }

    /** +infinity outside each group's real rows x real columns, as one tensor operation. */
    static NDArray fillPadding(NDArray cost, int[] rows, int[] cols) {
        NDManager manager = cost.getManager();
        int n = (int) cost.getShape().get(1), m = (int) cost.getShape().get(2);
        NDArray rowIndex = manager.arange(n).reshape(1, n, 1);                               // [1, N, 1]
        NDArray colIndex = manager.arange(m).reshape(1, 1, m);                               // [1, 1, M]
        NDArray validRows = rowIndex.lt(manager.create(rows).reshape(-1, 1, 1));            // [G, N, 1]
        NDArray validCols = colIndex.lt(manager.create(cols).reshape(-1, 1, 1));            // [G, 1, M]
        NDArray valid = validRows.logicalAnd(validCols);                                     // [G, N, M]
        NDArray infinity = manager.full(cost.getShape(), Float.POSITIVE_INFINITY, cost.getDataType());
        return NDArrays.where(valid, cost, infinity);
    }

    /**
     * Box matching cost {@code l1Weight * L1 + giouWeight * (-GIoU)} between normalised
     * {@code (cx, cy, w, h)} boxes: {@code [G, N, 4] x [G, M, 4] -> [G, N, M]}.
     */
    public static NDArray boxCost(NDArray predicted, NDArray targets, double l1Weight, double giouWeight) {
        NDArray l1 = BoxOps.l1Distance(predicted, targets);
        NDArray giou = BoxOps.generalizedIou(BoxOps.centreToCorners(predicted), BoxOps.centreToCorners(targets));
        return Scalars.mul(l1, l1Weight).sub(Scalars.mul(giou, giouWeight));
    }

    /**
     * Mask matching cost {@code focalWeight * focal + diceWeight * dice} between mask logits and
     * 0/1 targets over the same pixels: {@code [G, N, P] x [G, M, P] -> [G, N, M]}.
     */
    public static NDArray maskCost(NDArray logits, NDArray targets, double focalWeight, double diceWeight) {
        return Scalars.mul(MaskOps.pairwiseFocal(logits, targets, 0.25, 2), focalWeight)
                .add(Scalars.mul(MaskOps.pairwiseDice(logits, targets), diceWeight));
    }

    @Override
    public void close() {
        solver.close();
    }
}
