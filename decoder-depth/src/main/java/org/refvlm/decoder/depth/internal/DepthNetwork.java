package org.refvlm.decoder.depth.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Activation;
import java.util.ArrayList;
import java.util.List;
import org.refvlm.decoder.depth.DepthDecoderConfig;
import org.refvlm.nn.Conv2d;
import org.refvlm.nn.ConvOptions;
import org.refvlm.nn.GroupNorm;
import org.refvlm.nn.Linear;
import org.refvlm.nn.Parameters;
import org.refvlm.nn.Resize;
import org.refvlm.spi.DecoderInput;

/**
 * The depth head: an FPN over the feature pyramid, conditioned on each {@code <REF>} by FiLM, with
 * one log-depth map per query at the finest level's resolution.
 *
 * <ol>
 * <li>Per image, every level gets a 1x1 lateral projection to {@code dModel} channels and a GroupNorm
 * ({@code lateral.<i>.conv}, {@code lateral.<i>.norm}): this part does not depend on the query and is
 * computed once per image, however many references ask about it.</li>
 * <li>Per query, top-down from the coarsest level: the running map, bilinearly upsampled to the level
 * (depth is smooth almost everywhere, and bilinear leaves no blocks for the head to undo), plus the
 * lateral, is fused by a 3x3 convolution, a GroupNorm, the query's FiLM and a ReLU
 * ({@code fuse.<i>.conv}, {@code fuse.<i>.norm}, {@code film.<i>}). The query enters through one
 * shared projection ({@code query}, then ReLU) to {@code dModel}.</li>
 * <li>A 3x3 convolution with ReLU and a 1x1 convolution give one logit {@code x} per cell
 * ({@code head.0}, {@code head.1}); the depth is {@code maxDepth * sigmoid(x)}.</li>
 * <li>With {@code refineSide > 0}, {@link DepthRefiner} brings the logits to that side of the padded
 * square, guided by the picture ({@code refine.*}).</li>
 * </ol>
 *
 * <p>Why FiLM and not MaskFormer's dot product of a query kernel with pixel embeddings: depth is a
 * property of the picture, not of a region the query picks, so most of the map must come from the
 * pyramid; what a {@code <REF>} can usefully add is global (the scene's scale, indoor or outdoor, which
 * of several depth conventions), and FiLM lets it rescale and shift the features at every level, while
 * a dot product would read the depth out of one fixed embedding, linear in the query.
 *
 * <p>Why {@code maxDepth * sigmoid(x)}: its log is {@code log(maxDepth) - softplus(-x)}, computed
 * without overflow for any x, and the loss works on log depth. Far below {@code maxDepth} the log depth
 * is {@code log(maxDepth) + x}, as with {@code exp(x)}, so small depths are not squeezed; near it the
 * prediction saturates smoothly instead of being clamped (a clamp has no gradient). Depth is always
 * positive, which the evaluation requires.
 */
public final class DepthNetwork {

    /** A convolution (no bias: the norm's shift replaces it) and its GroupNorm. */
    private record ConvNorm(Conv2d conv, GroupNorm norm) {
        ConvNorm(Parameters p, String prefix, long in, long out, int kernel, int groups) {
            this(new Conv2d(p, prefix + ".conv", in, out, ConvOptions.kernel(kernel).padding(kernel / 2).noBias()),
                    new GroupNorm(p, prefix + ".norm", groups, out));
        }

        NDArray forward(NDArray x) {
            return norm.forward(conv.forward(x));
        }
    }

    private final DepthDecoderConfig config;
    private final Linear query;
    private final List<ConvNorm> laterals = new ArrayList<>();
    private final List<ConvNorm> fuses = new ArrayList<>();
    private final List<Film> films = new ArrayList<>();
    private final Conv2d head;
    private final Conv2d out;
    private final DepthRefiner refiner;
    private final float logMaxDepth;

    public DepthNetwork(Parameters p, DepthDecoderConfig c) {
        this.config = c;
        int d = c.dModel(), g = c.normGroups();
        this.query = new Linear(p, "query", c.queryInputDim(), d);
        for (int i = 0; i < c.featureLevels().size(); i++) {
            laterals.add(new ConvNorm(p, "lateral." + i, c.featureDims().get(i), d, 1, g));
            fuses.add(new ConvNorm(p, "fuse." + i, d, d, 3, g));
            films.add(new Film(p, "film." + i, d, d));
        }
        this.head = new Conv2d(p, "head.0", d, d, ConvOptions.kernel(3).padding(1));
        this.out = new Conv2d(p, "head.1", d, 1, ConvOptions.kernel(1));
        this.refiner = c.refineSide() > 0 ? new DepthRefiner(p, c.refineSide(), c.refineDim(), d) : null;
        this.logMaxDepth = (float) Math.log(c.maxDepth());
    }

    /** Whether the head refines its logits with the picture (and so reads the request's image). */
    public boolean refines() {
        return refiner != null;
    }

    /**
     * @param input    the batch: its feature maps, each [B, Ci, Hi, Wi] on the padded square
     * @param queries  [K, D] the queries to decode
     * @param samples  per query, its sample in the batch
     * @param pictures [B, 3, S, S] the batch's padded squares on [0, 1] at {@code refineSide}, or null
     *                 when the head does not refine
     * @return [K, H, W] natural log of the depth in metres, H x W the finest level's grid, or
     *         {@code refineSide} square when the head refines
     */
    public NDArray logDepth(DecoderInput input, NDArray queries, long[] samples, NDArray pictures) {
        int levels = config.featureLevels().size();
        NDArray index = queries.getManager().create(samples);                                    // [K]
        List<NDArray> lateral = new ArrayList<>(levels);
        for (int i = 0; i < levels; i++) {
            NDArray f = input.feature(config.featureLevels().get(i), config.featureDims().get(i))
                    .toType(DataType.FLOAT32, false);                                            // [B, Ci, Hi, Wi]
            lateral.add(laterals.get(i).forward(f).get(index));                                  // [K, d, Hi, Wi]
        }
        NDArray q = Activation.relu(query.forward(queries.toType(DataType.FLOAT32, false)));     // [K, d]
        NDArray x = null;
        for (int i = levels - 1; i >= 0; i--) {
            NDArray l = lateral.get(i);
            int h = (int) l.getShape().get(2), w = (int) l.getShape().get(3);
            NDArray sum = x == null ? l : l.add(Resize.bilinear(x, h, w));                      // [K, d, Hi, Wi]
            x = Activation.relu(films.get(i).forward(fuses.get(i).forward(sum), q));
        }
        NDArray logits = out.forward(Activation.relu(head.forward(x)));                          // [K, 1, H, W]
        if (refiner != null) {
            if (pictures == null) {
                throw new IllegalStateException("a refining depth head needs the batch's pictures");
            }
            logits = refiner.refine(logits, x, pictures, samples);                                // [K, 1, S, S]
        }
        NDArray squeezed = logits.squeeze(1);                                                    // [K, H, W]
        // log(maxDepth * sigmoid(x)) = log(maxDepth) - softplus(-x)
        return Activation.softPlus(squeezed.neg()).neg().add(logMaxDepth);
    }
}
