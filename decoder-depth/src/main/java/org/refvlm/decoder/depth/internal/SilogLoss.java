package org.refvlm.decoder.depth.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.refvlm.nn.Constants;
import org.refvlm.nn.Scalars;

/**
 * The scale-invariant log loss (Eigen et al. 2014, in AdaBins' and BTS' square-root form) of predicted
 * depth maps against true ones, each map on its own valid cells, then averaged over the maps:
 *
 * <pre>
 *   g = log d - log d*                          over the map's valid cells (d* &gt; 0)
 *   SILog = scale * sqrt(var(g) + (1 - lambda) mean(g)^2 + EPS)
 * </pre>
 *
 * which is {@code scale * sqrt(mean(g^2) - lambda mean(g)^2 + EPS)}, written with the (biased)
 * variance so that rounding can never make the root's argument negative. {@link #EPS} keeps the
 * gradient of the root finite at a perfect prediction. Maps with no valid cell are left out, so the
 * mean is over maps that have truth.
 */
public final class SilogLoss {

    /** Added under the root: moves the loss by at most {@code scale * 1e-4}. */
    public static final double EPS = 1e-8;

    private SilogLoss() {
    }

    /**
     * @param logDepth [K, P] predicted log depth (metres), in the caller's graph
     * @param truth    row-major [K * P] true depth in metres, 0 where a cell has no truth; each of
     *                 the K maps has at least one valid cell
     * @return scalar: the mean over the K maps
     */
    public static NDArray loss(NDArray logDepth, float[] truth, double lambda, double scale) {
        Shape s = logDepth.getShape();
        int k = (int) s.get(0), p = (int) s.get(1);
        if (truth.length != k * p) {
            throw new IllegalArgumentException(truth.length + " true depths for " + k + " maps of " + p + " cells");
        }
        float[] logTruth = new float[k * p], valid = new float[k * p], perMap = new float[k];
        for (int i = 0; i < k; i++) {
            int n = 0;
            for (int j = 0; j < p; j++) {
                float t = truth[i * p + j];
                if (t > 0) {
                    logTruth[i * p + j] = (float) Math.log(t);
                    valid[i * p + j] = 1f;
                    n++;
                }
            }
            if (n == 0) {
                throw new IllegalArgumentException("depth map " + i + " has no valid cell; leave it out of the loss");
            }
            perMap[i] = 1f / n;
        }
        NDManager m = logDepth.getManager();
        NDArray v = Constants.of(m, valid, s);                                                   // [K, P]
        NDArray inverseCount = Constants.of(m, perMap, new Shape(k, 1));                        // [K, 1]
        NDArray g = logDepth.toType(DataType.FLOAT32, false).sub(Constants.of(m, logTruth, s)).mul(v); // [K, P]
        NDArray mean = g.sum(new int[] {1}, true).mul(inverseCount);                            // [K, 1]
        NDArray variance = g.sub(mean).mul(v).square().sum(new int[] {1}, true).mul(inverseCount); // [K, 1]
        NDArray argument = variance.add(Scalars.mul(mean.square(), 1 - lambda)).add(EPS);      // [K, 1]
        return Scalars.mul(argument.sqrt().mean(), scale);
    }

    /**
     * The same loss without the root's EPS, of every prediction against every target of a phrase
     * group, for matching (detached, no graph).
     *
     * @param logDepth [G, N, P] predicted log depth
     * @param truth    [G, M, P] true depth, 0 = no truth
     * @return [G, N, M]; a target without any valid cell costs 0 against everything
     */
    public static NDArray pairwise(NDArray logDepth, NDArray truth, double lambda) {
        NDArray v = truth.gt(0).toType(DataType.FLOAT32, false).expandDims(1);                 // [G, 1, M, P]
        NDArray logTruth = truth.add(truth.lte(0).toType(DataType.FLOAT32, false)).log().expandDims(1); // log 1 = 0 where invalid
        NDArray g = logDepth.expandDims(2).sub(logTruth).mul(v);                                // [G, N, M, P]
        NDArray n = v.sum(new int[] {3}).maximum(1f);                                           // [G, 1, M]
        NDArray mean = g.sum(new int[] {3}).div(n);                                             // [G, N, M]
        NDArray meanSquare = g.square().sum(new int[] {3}).div(n);                              // [G, N, M]
        return meanSquare.sub(mean.square().mul((float) lambda)).maximum(0f).sqrt();
    }
}
