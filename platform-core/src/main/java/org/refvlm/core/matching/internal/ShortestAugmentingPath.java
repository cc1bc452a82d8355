package org.refvlm.core.matching.internal;

import java.util.Arrays;

/**
 * The core minimum-cost assignment algorithm on a dense, validated, "wide" cost matrix
 * ({@code rows <= cols}, row-major, no NaN and no -infinity; +infinity marks a forbidden cell).
 *
 * <p>The method is the shortest augmenting path one (Jonker-Volgenant, in the rectangular form described
 * by D. F. Crouse, "On implementing 2D rectangular assignment algorithms", 2016): every free row is
 * added by a Dijkstra search over reduced costs {@code cost[i][j] - u[i] - v[j]} for the cheapest
 * alternating path to a free column; the dual potentials {@code u, v} are then updated so that all
 * reduced costs stay non-negative, and the path is flipped. Each search costs O(rows * cols), so a solve
 * is O(rows^2 * cols).
 *
 * <p>Before the searches, and only on well-scaled matrices (see {@link #solve(boolean)}), Jonker and
 * Volgenant's cheap reductions assign most rows: column reduction with reduction transfer for square
 * matrices, then a bounded augmenting row reduction. They leave potentials the searches can start from,
 * and halve the time on random 100 x 100 matrices.
 *
 * <p>The object is a reusable workspace: its arrays only ever grow, so solving many small matrices in a
 * row allocates nothing. It is not thread-safe; use one instance per thread.
 */
public final class ShortestAugmentingPath {

    /**
     * Largest ratio between the largest finite and the smallest non-zero cost magnitude for which the
     * reductions are used: 2^32 leaves about 20 of the 52 mantissa bits as headroom.
     */
    public static final double WELL_SCALED_RATIO = 0x1p32;

    private static final double INF = Double.POSITIVE_INFINITY;
    /**
     * Row reduction effort: two passes, each stopping after as many steps as there are rows. Measured on
     * random 100 x 100 matrices, longer reductions crawl (many tiny steps near ties) and cost more than
     * the shortest-path searches they save; none at all leaves a third of the rows to those searches.
     */
    private static final int REDUCTION_PASSES = 2;
    private static final int REDUCTION_STEPS_PER_ROW = 1;

    private int rows;
    private int cols;

    private double[] cost = new double[0];
    private double[] rowPotential = new double[0];
    private double[] colPotential = new double[0];
    /** Length of the cheapest alternating path found so far from the row being added to each column. */
    private double[] pathLength = new double[0];
    /** The row from which each column was last reached in the current search (the path's back-pointers). */
    private int[] reachedFrom = new int[0];
    private int[] colOfRow = new int[0];
    private int[] rowOfCol = new int[0];
    /** All columns; during a search the unsettled ones come first, settled ones are swapped behind them. */
    private int[] unscanned = new int[0];
    private int[] scannedRows = new int[0];
    private int[] scannedCols = new int[0];
    private int[] freeRows = new int[0];

    /**
     * Sizes the workspace for a {@code rows x cols} problem and returns the row-major buffer the caller
     * must fill with the costs before calling {@link #solve(boolean)}. The buffer may be longer than
     * {@code rows * cols}; only that prefix is read.
     */
    public double[] prepare(int rows, int cols) {
        if (rows < 0 || cols < rows) {
            throw new IllegalArgumentException("need 0 <= rows <= cols, got " + rows + " x " + cols);
        }
        long cells = (long) rows * cols;
        if (cells > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("cost matrix too large: " + rows + " x " + cols);
        }
        this.rows = rows;
        this.cols = cols;
        if (cost.length < cells) {
            cost = new double[(int) cells];
        }
        if (rowPotential.length < rows) {
            rowPotential = new double[rows];
            colOfRow = new int[rows];
            scannedRows = new int[rows];
            freeRows = new int[rows];
        }
        if (colPotential.length < cols) {
            colPotential = new double[cols];
            pathLength = new double[cols];
            reachedFrom = new int[cols];
            rowOfCol = new int[cols];
            unscanned = new int[cols];
            scannedCols = new int[cols];
        }
        return cost;
    }

    /**
     * Solves the problem set up by {@link #prepare}.
     *
     * <p>Jonker-Volgenant's reductions assign most rows cheaply before the shortest-path phase, but they
     * move the potentials by gaps between a row's best and second-best cells, which may be far larger
     * than anything on the optimal assignment (say -1e30 next to -1); the potentials then round away the
     * small costs that decide the optimum. The shortest-path phase alone only moves potentials by lengths
     * of paths it settles in increasing order and stays exact in such cases, as scipy's solver (the same
     * method) does. Hence the caller's {@code wellScaled}: true only when the finite magnitudes span a
     * moderate range (see {@link #WELL_SCALED_RATIO}).
     *
     * @param wellScaled whether the reductions may be used
     * @return {@code -1} when every row was assigned, otherwise a row for which no assignment avoiding
     *     +infinity cells exists (the problem is infeasible)
     */
    public int solve(boolean wellScaled) {
        Arrays.fill(rowPotential, 0, rows, 0.0);
        Arrays.fill(colPotential, 0, cols, 0.0);
        Arrays.fill(colOfRow, 0, rows, -1);
        Arrays.fill(rowOfCol, 0, cols, -1);
        for (int j = 0; j < cols; j++) {
            unscanned[j] = j;
        }
        int freeCount;
        if (wellScaled && rows == cols) {
            freeCount = reduceColumnsThenTransfer();
        } else {
            freeCount = rows;
            for (int i = 0; i < rows; i++) {
                freeRows[i] = i;
            }
        }
        for (int pass = 0; wellScaled && pass < REDUCTION_PASSES && freeCount > 0; pass++) {
            freeCount = augmentingRowReduction(freeCount);
        }
        for (int i = 0; i < rows; i++) {
            final int j = colOfRow[i];
            if (j >= 0) {
                rowPotential[i] = cost[i * cols + j] - colPotential[j];
            }
        }
        for (int k = 0; k < freeCount; k++) {
            if (!augment(freeRows[k])) {
                return freeRows[k];
            }
        }
        return -1;
    }

    /**
     * Jonker-Volgenant's column reduction and reduction transfer, for square matrices only: it sets
     * {@code v[j]} to the column minimum, which may be positive, and a rectangular problem needs
     * {@code v <= 0} with {@code v = 0} on unassigned columns. Each column goes to the row holding its
     * minimum if that row has none yet (keeping the cheaper column otherwise); a row that got exactly one
     * column then passes on its slack by lowering that column's {@code v} to its second-best margin.
     *
     * @return the number of rows left without a column, listed at the start of {@link #freeRows}
     */
    private int reduceColumnsThenTransfer() {
        final int n = rows;
        final double[] c = cost;
        final double[] v = colPotential;
        final int[] rowOf = rowOfCol;
        final int[] colOf = colOfRow;
        final int[] matches = freeRows; // borrowed as a per-row counter until the free list is built
        Arrays.fill(matches, 0, n, 0);
        for (int j = n - 1; j >= 0; j--) {
            double min = INF;
            int argmin = -1;
            for (int i = 0, at = j; i < n; i++, at += n) {
                if (c[at] < min) {
                    min = c[at];
                    argmin = i;
                }
            }
            if (argmin < 0) {
                continue; // a column of +infinity: leave v = 0, the shortest-path phase reports it
            }
            v[j] = min;
            if (matches[argmin]++ == 0) {
                colOf[argmin] = j;
                rowOf[j] = argmin;
            } else if (min < v[colOf[argmin]]) {
                rowOf[colOf[argmin]] = -1;
                colOf[argmin] = j;
                rowOf[j] = argmin;
            }
        }
        for (int i = 0; i < n; i++) {
            if (matches[i] != 1) {
                continue;
            }
            final int own = colOf[i];
            final int rowStart = i * n;
            double secondBest = INF;
            for (int j = 0; j < n; j++) {
                if (j != own) {
                    secondBest = Math.min(secondBest, c[rowStart + j] - v[j]);
                }
            }
            if (secondBest < INF) {
                v[own] -= secondBest - (c[rowStart + own] - v[own]);
            }
        }
        int freeCount = 0;
        for (int i = 0; i < n; i++) {
            if (colOf[i] < 0) {
                freeRows[freeCount++] = i; // overwrites only counters already read (freeCount <= i)
            }
        }
        return freeCount;
    }

    /**
     * One pass of Jonker-Volgenant's augmenting row reduction over the free rows: each free row takes the
     * column with the smallest reduced cost {@code cost - v}, lowering that column's {@code v} so that it
     * stays its best choice by exactly the margin to its second best; a row it displaces is handled next.
     * This cheaply assigns most rows of a random matrix and leaves few for the shortest-path phase.
     *
     * <p>Invariants kept, so that the shortest-path phase can start from here: every assigned row's
     * column minimises {@code cost - v} over that row, and {@code v} only ever decreases from 0 (so an
     * unassigned column keeps {@code v = 0}, as rectangular optimality requires).
     *
     * @return the number of rows still free, now at the start of {@link #freeRows}
     */
    private int augmentingRowReduction(int freeCount) {
        final int m = cols;
        final double[] c = cost;
        final double[] v = colPotential;
        final int[] rowOf = rowOfCol;
        final int[] colOf = colOfRow;
        final int[] free = freeRows;
        // Each re-processing strictly lowers some v, which ends in theory but may crawl on near-ties;
        // past the budget the remaining rows simply go to the shortest-path phase, which is always exact.
        int budget = REDUCTION_STEPS_PER_ROW * rows;
        int stillFree = 0;
        int k = 0;
        while (k < freeCount) {
            final int row = free[k++];
            if (--budget < 0) {
                free[stillFree++] = row;
                continue;
            }
            final int rowStart = row * m;
            double best = INF;
            double second = INF;
            int bestCol = -1;
            int secondCol = -1;
            for (int j = 0; j < m; j++) {
                final double h = c[rowStart + j] - v[j];
                if (h < second) {
                    if (h < best) {
                        second = best;
                        secondCol = bestCol;
                        best = h;
                        bestCol = j;
                    } else {
                        second = h;
                        secondCol = j;
                    }
                }
            }
            if (bestCol < 0) {
                free[stillFree++] = row; // no finite cell: the shortest-path phase reports it
                continue;
            }
            int col = bestCol;
            int displaced = rowOf[col];
            final boolean strict = best < second;
            if (strict) {
                if (second == INF) {
                    if (displaced >= 0) {
                        // Only one usable column and it is taken: stealing it would just ping-pong.
                        free[stillFree++] = row;
                        continue;
                    }
                } else {
                    v[col] -= second - best;
                }
            } else if (displaced >= 0) {
                // Tied best and second best: take the second, which may be free.
                col = secondCol;
                displaced = rowOf[col];
            }
            if (displaced >= 0) {
                colOf[displaced] = -1;
                if (strict) {
                    free[--k] = displaced;
                } else {
                    free[stillFree++] = displaced;
                }
            }
            colOf[row] = col;
            rowOf[col] = row;
        }
        return stillFree;
    }

    /**
     * Adds {@code newRow} to the assignment along a shortest augmenting path (Dijkstra over reduced costs
     * {@code cost - u - v}, which are non-negative), then updates {@code u, v} to keep them so.
     *
     * @return false if no free column is reachable through finite cells (infeasible)
     */
    private boolean augment(int newRow) {
        final int m = cols;
        final double[] c = cost;
        final double[] u = rowPotential;
        final double[] v = colPotential;
        final double[] dist = pathLength;
        final int[] from = reachedFrom;
        final int[] rowOf = rowOfCol;
        final int[] colOf = colOfRow;
        // Columns settled by earlier searches were swapped to the end, but the array is still a
        // permutation of all columns, so it needs no reset.
        final int[] todo = unscanned;
        int todoCount = m;
        int scannedRowCount = 0;
        int scannedColCount = 0;

        // Dijkstra over columns; a row is entered through the column it is currently assigned to.
        double settled = 0.0;
        int row = newRow;
        boolean firstScan = true;
        int freeCol;
        while (true) {
            scannedRows[scannedRowCount++] = row;
            final double base = settled - u[row];
            final int rowStart = row * m;
            double lowest = INF;
            int lowestAt = -1;
            if (firstScan) {
                // Every column is reached for the first time: plain writes, so dist needs no reset.
                firstScan = false;
                for (int k = 0; k < todoCount; k++) {
                    final int j = todo[k];
                    final double dj = base + c[rowStart + j] - v[j];
                    from[j] = row;
                    dist[j] = dj;
                    if (dj < lowest || (dj == lowest && rowOf[j] < 0)) {
                        lowest = dj;
                        lowestAt = k;
                    }
                }
            } else {
                for (int k = 0; k < todoCount; k++) {
                    final int j = todo[k];
                    double dj = dist[j];
                    final double candidate = base + c[rowStart + j] - v[j];
                    if (candidate < dj) {
                        from[j] = row;
                        dist[j] = candidate;
                        dj = candidate;
                    }
                    // On ties prefer a free column: it ends the search early (matters for flat matrices).
                    if (dj < lowest || (dj == lowest && rowOf[j] < 0)) {
                        lowest = dj;
                        lowestAt = k;
                    }
                }
            }
            if (lowest == INF) {
                return false;
            }
            settled = lowest;
            final int col = todo[lowestAt];
            todo[lowestAt] = todo[--todoCount];
            todo[todoCount] = col;
            scannedCols[scannedColCount++] = col;
            if (rowOf[col] < 0) {
                freeCol = col;
                break;
            }
            row = rowOf[col];
        }

        // Dual update keeps every reduced cost non-negative and the tree edges tight.
        u[newRow] += settled;
        for (int k = 1; k < scannedRowCount; k++) {
            final int i = scannedRows[k];
            u[i] += settled - dist[colOf[i]];
        }
        for (int k = 0; k < scannedColCount; k++) {
            final int j = scannedCols[k];
            v[j] -= settled - dist[j];
        }

        // Flip the alternating path ending at the free column.
        int col = freeCol;
        while (true) {
            final int i = from[col];
            rowOf[col] = i;
            final int previous = colOf[i];
            colOf[i] = col;
            if (i == newRow) {
                return true;
            }
            col = previous;
        }
    }

    /** After a successful {@link #solve(boolean)}: the column assigned to {@code row}. */
    public int columnOf(int row) {
        return colOfRow[row];
    }

    /** After a successful {@link #solve(boolean)}: the row assigned to {@code col}, or -1 if the column is unused. */
    public int rowOf(int col) {
        return rowOfCol[col];
    }
}
