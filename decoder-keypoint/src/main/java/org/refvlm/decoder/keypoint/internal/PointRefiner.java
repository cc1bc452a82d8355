package org.refvlm.decoder.keypoint.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import org.refvlm.nn.BilinearSampler;
import org.refvlm.nn.Constants;
import org.refvlm.nn.Conv2d;
import org.refvlm.nn.ConvOptions;
import org.refvlm.nn.Init;
import org.refvlm.nn.Linear;
import org.refvlm.nn.Parameters;
import org.refvlm.nn.Scalars;

/**
 * Moves each predicted keypoint by a correction read from the picture around it.
 *
 * <p>Why: the decoder's memory is a stride-8 grid, and a point regressed from it lands within a
 * fraction of a cell, several pixels, while OKS with the synthetic schemas' sigma 0.072 halves at
 * about 0.1 of the object's size: 4 pixels for a median 40-pixel shape. Corners, tips and edges
 * are colour edges in the picture, so a look at the pixels around the point can say where it
 * should be, as the depth decoder's refiner does for depth edges.
 *
 * <ol>
 * <li>The picture's padded square at {@code side}, centred on 0, through two 3x3 convolutions with
 * ReLU ({@code point_refine.guide.0}, {@code point_refine.guide.1}): edge features, once per image.</li>
 * <li>For every keypoint slot, a {@code window x window} grid of those features, bilinearly sampled
 * around the point across {@code reach} of the instance's box size on each side.</li>
 * <li>The samples and the slot's decoder state, through a hidden layer with ReLU
 * ({@code point_refine.step.<i>.hidden}) and a layer to two numbers ({@code point_refine.step.<i>.out});
 * their tanh, times the window's half-extent, moves the point.</li>
 * <li>With several steps, steps 2 and 3 repeat from the moved point with their own weights and a
 * window half as wide as the step before: a coarse step brings the point near its corner, a fine
 * one reads the corner at twice the resolution.</li>
 * </ol>
 *
 * <p>Optionally ({@code scores}) the refiner also corrects the instance's confidence: after the last
 * step, each point's window (as wide as the last step's) and its slot state go through a hidden
 * layer ({@code point_refine.score.hidden}); the mean over the slots, through
 * {@code point_refine.score.out}, is added to the score logit. Why: keypoint AP ranks an image's
 * answers by that score, and the score head sees only the instance's state, before the points
 * moved; whether a point now sits on a corner is in the pixels around it. On the default model's
 * {@code val} split, ranking its answers by their true OKS instead of their score would lift AP
 * from 0.389 to 0.435, and nearly all of that among answers on the right object. The correction
 * reads its inputs without a gradient: it estimates the points' quality and never steers them.
 *
 * <p>The window follows the point without a gradient through its position (as deformable DETR's
 * reference points are detached), so the correction learns from what it sees, not by moving where
 * it looks. Every {@code out} layer starts at zero: an untrained refiner leaves every point where
 * it was, so adding one cannot make a decoder worse before it has learnt anything.
 */
public final class PointRefiner {

    private static final ConvOptions SAME3 = ConvOptions.kernel(3).padding(1);
    private static final String SCORE_OUT_WEIGHT = "point_refine.score.out.weight";
    private static final String SCORE_OUT_BIAS = "point_refine.score.out.bias";

    private final Parameters params;
    private final int side;
    private final int dim;
    private final int window;
    private final double reach;
    private final Conv2d guide0;
    private final Conv2d guide1;
    private final Linear[] hidden;
    private final String[] outWeight;
    private final String[] outBias;
    private final Linear scoreHidden; // null unless the refiner corrects the score

    /**
     * @param points     [R, K, 2] the refined points
     * @param scoreShift [R] what to add to each instance's score logit, or null when the refiner does not score
     */
    public record Refinement(NDArray points, NDArray scoreShift) {
    }

    /**
     * @param side   the side of the square the picture is read at
     * @param dim    channels of the edge features
     * @param window samples per side of the window around each point
     * @param reach  the first window's half-extent, in sizes of the instance's box
     * @param steps  refinement steps, each with a window half as wide as the one before
     * @param dModel width of the decoder's keypoint states
     * @param scores whether the refiner also corrects the instance score
     */
    public PointRefiner(Parameters p, int side, int dim, int window, double reach, int steps, int dModel, boolean scores) {
        this.params = p;
        this.side = side;
        this.dim = dim;
        this.window = window;
        this.reach = reach;
        this.guide0 = new Conv2d(p, "point_refine.guide.0", 3, dim, SAME3);
        this.guide1 = new Conv2d(p, "point_refine.guide.1", dim, dim, SAME3);
        this.hidden = new Linear[steps];
        this.outWeight = new String[steps];
        this.outBias = new String[steps];
        for (int i = 0; i < steps; i++) {
            String prefix = "point_refine.step." + i;
            hidden[i] = new Linear(p, prefix + ".hidden", (long) window * window * dim + dModel, dModel);
            outWeight[i] = prefix + ".out.weight";
            outBias[i] = prefix + ".out.bias";
            p.declare(outWeight[i], new Shape(2, dModel), Init.zeros());
            p.declare(outBias[i], new Shape(2), Init.zeros());
        }
        this.scoreHidden = scores ? new Linear(p, "point_refine.score.hidden", (long) window * window * dim + dModel, dModel) : null;
        if (scores) {
            p.declare(SCORE_OUT_WEIGHT, new Shape(1, dModel), Init.zeros());
            p.declare(SCORE_OUT_BIAS, new Shape(1), Init.zeros());
        }
    }

    /** The side of the square the picture must be given at. */
    public int side() {
        return side;
    }

    /**
     * @param keypoints [R, K, 2] points on the padded square, in [0, 1], of R instances
     * @param boxSize   [R, 2] the instances' box widths and heights, same units
     * @param states    [R, K, d] the decoder's keypoint states
     * @param pictures  [B, 3, S, S] the batch's padded squares on [0, 1] at {@link #side()}
     * @param samples   R indices into {@code pictures}: the picture of each instance
     * @return [R, K, 2] the corrected points
     */
    public NDArray refine(NDArray keypoints, NDArray boxSize, NDArray states, NDArray pictures, long[] samples) {
        return refineAndScore(keypoints, boxSize, states, pictures, samples).points();
    }

    /** As {@link #refine}, with the score correction when the refiner makes one. */
    public Refinement refineAndScore(NDArray keypoints, NDArray boxSize, NDArray states, NDArray pictures, long[] samples) {
        long b = pictures.getShape().get(0);
        NDArray centred = pictures.sub(Scalars.constant(pictures, 0.5));                          // [B, 3, S, S]
        NDArray guide = Activation.relu(guide1.forward(Activation.relu(guide0.forward(centred)))); // [B, c, S, S]
        NDArray table = guide.reshape(b, dim, (long) side * side).transpose(0, 2, 1);              // [B, S S, c]
        NDArray half = Scalars.mul(boxSize.stopGradient(), reach).expandDims(1);                  // [R, 1, 2]
        NDArray points = keypoints;
        NDArray lastHalf = half;
        for (int i = 0; i < hidden.length; i++) {
            lastHalf = half;
            NDArray seen = window(points, half, table, samples);                                   // [R, K, P P c]
            NDArray h = Activation.relu(hidden[i].forward(seen.concat(states, -1)));                // [R, K, d]
            NDArray move = Activation.tanh(Linear.apply(h, params.get(outWeight[i]), params.get(outBias[i]))); // [R, K, 2]
            points = points.add(move.mul(half));
            half = Scalars.mul(half, 0.5);
        }
        if (scoreHidden == null) {
            return new Refinement(points, null);
        }
        NDArray seen = window(points, lastHalf, table, samples).stopGradient();                   // [R, K, P P c]
        NDArray h = Activation.relu(scoreHidden.forward(seen.concat(states.stopGradient(), -1)));   // [R, K, d]
        NDArray shift = Linear.apply(h.mean(new int[] {1}), params.get(SCORE_OUT_WEIGHT), params.get(SCORE_OUT_BIAS)); // [R, 1]
        return new Refinement(points, shift.squeeze(-1));
    }

    /**
     * [R, K, P P c] the edge features on a {@code window x window} grid around each point, across
     * {@code half} [R, 1, 2] on each side; the grid follows the points without a gradient.
     */
    private NDArray window(NDArray points, NDArray half, NDArray table, long[] samples) {
        long r = points.getShape().get(0), k = points.getShape().get(1);
        int cells = window * window;
        NDArray where = points.stopGradient().expandDims(2)                                        // [R, K, 1, 2]
                .add(Constants.of(points.getManager(), grid(), new Shape(1, 1, cells, 2)).mul(half.expandDims(2))); // [R, K, P P, 2]
        NDArray x = where.get(new NDIndex("..., 0")).reshape(r, k * cells);                        // [R, K P P]
        NDArray y = where.get(new NDIndex("..., 1")).reshape(r, k * cells);
        return BilinearSampler.sample(table, side, side, x, y, samples).reshape(r, k, (long) cells * dim);
    }

    /** [P P * 2] the window's sample offsets on [-1, 1] per axis, raster order, (x, y) pairs. */
    private float[] grid() {
        float[] g = new float[window * window * 2];
        for (int r = 0; r < window; r++) {
            for (int c = 0; c < window; c++) {
                int at = (r * window + c) * 2;
                g[at] = window == 1 ? 0 : -1f + 2f * c / (window - 1);
                g[at + 1] = window == 1 ? 0 : -1f + 2f * r / (window - 1);
            }
        }
        return g;
    }
}
