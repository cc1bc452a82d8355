package org.refvlm.decoder.depth.internal;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.refvlm.api.DecodedUnit;
import org.refvlm.api.DepthUnit;
import org.refvlm.decoder.depth.DepthDecoderConfig;
import org.refvlm.nn.Scalars;
import org.refvlm.spi.ImageFrame;
import org.refvlm.spi.TargetGroup;
import org.refvlm.spi.support.Matching;
import org.refvlm.spi.support.TargetEncoding;
import org.refvlm.spi.support.TargetMatcher;

/**
 * The depth loss of a batch: the platform's grouped matching, then {@link SilogLoss} on the matched
 * pairs. A depth target ({@link DepthUnit}: one value per original-image pixel in metres, 0 = unknown)
 * is brought to the prediction grid by {@link DepthGrid}.
 *
 * <p>Every {@code <REF>} of unit depth asks for the depth of the whole picture, so in the usual case
 * (one reference per phrase, one target) matching is trivial; it still goes through
 * {@link TargetMatcher} with the SILog itself as the cost, so a phrase with several references and as
 * many targets (say, two depth conventions of one picture) pairs each reference with the target it is
 * closest to, and the group checks, the padded cost tensor and the unmatched cases are the platform's.
 * The loss is the mean over matched pairs whose target has a valid cell; a batch without any gives a
 * zero still connected to the predictions.
 */
public final class DepthCriterion implements AutoCloseable {

    private final TargetMatcher matcher = new TargetMatcher();
    private final DepthDecoderConfig config;

    public DepthCriterion(DepthDecoderConfig config) {
        this.config = config;
    }

    /**
     * @param logDepth [B, L, h, w] predicted log depth per query slot, in the caller's graph
     * @return scalar loss
     */
    public NDArray loss(NDArray logDepth, List<TargetGroup> groups, List<ImageFrame> frames) {
        int h = (int) logDepth.getShape().get(2), w = (int) logDepth.getShape().get(3);
        int targetCount = groups.stream().mapToInt(g -> g.targets().size()).sum();
        if (targetCount == 0) {
            return Scalars.zeroLike(logDepth);
        }
        Grids grids = new Grids(frames, h, w);
        Matching matching = matcher.match(logDepth, groups, grids,
                (predicted, targets, samples) -> SilogLoss.pairwise(predicted.reshape(
                        predicted.getShape().get(0), predicted.getShape().get(1), h * w), targets, config.silogLambda()));
        List<Integer> withTruth = new ArrayList<>();
        for (int k = 0; k < matching.size(); k++) {
            if (grids.hasTruth(matching.target(k))) {
                withTruth.add(k);
            }
        }
        if (withTruth.isEmpty()) {
            return Scalars.zeroLike(logDepth);
        }
        int p = h * w;
        long[] rows = new long[withTruth.size()];
        float[] truth = new float[withTruth.size() * p];
        for (int i = 0; i < rows.length; i++) {
            int k = withTruth.get(i);
            rows[i] = matching.rows()[k];
            System.arraycopy(matching.encoded(), k * p, truth, i * p, p);
        }
        NDArray flat = logDepth.reshape(-1, p);                                                   // [B * L, P]
        NDArray predicted = flat.get(flat.getManager().create(rows));                            // [K, P], in the graph
        return SilogLoss.loss(predicted, truth, config.silogLambda(), config.silogScale());
    }

    /** Depth targets on the prediction grid, each rastered once per loss. */
    private final class Grids implements TargetEncoding {
        private final List<ImageFrame> frames;
        private final int h;
        private final int w;
        private final Map<DecodedUnit, float[]> cache = new IdentityHashMap<>();

        Grids(List<ImageFrame> frames, int h, int w) {
            this.frames = frames;
            this.h = h;
            this.w = w;
        }

        @Override
        public int width() {
            return h * w;
        }

        @Override
        public float[] encode(DecodedUnit target, int sample) {
            if (!(target instanceof DepthUnit depth)) {
                throw new IllegalArgumentException("the depth decoder needs depth targets, got a '" + target.unit() + "'");
            }
            return cache.computeIfAbsent(target, t -> DepthGrid.logAreaMean(depth.depth(), frames.get(sample), h, w,
                    config.minDepth(), config.maxDepth()));
        }

        boolean hasTruth(float[] encoded) {
            for (float v : encoded) {
                if (v > 0) {
                    return true;
                }
            }
            return false;
        }
    }

    @Override
    public void close() {
        matcher.close();
    }
}
