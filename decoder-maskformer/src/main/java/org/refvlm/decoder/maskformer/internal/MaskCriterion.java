package org.refvlm.decoder.maskformer.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import org.refvlm.nn.Constants;
import org.refvlm.nn.Scalars;
import org.refvlm.spi.ImageFrame;
import org.refvlm.spi.TargetGroup;
import org.refvlm.spi.support.MaskCost;
import org.refvlm.spi.support.MaskGrid;
import org.refvlm.spi.support.MaskLosses;
import org.refvlm.spi.support.MaskTargetGrids;
import org.refvlm.spi.support.Matching;
import org.refvlm.spi.support.TargetMatcher;

/**
 * The mask loss with grouped Hungarian matching. The queries of each phrase group are matched to
 * that group's targets by the focal + dice cost (all groups in one padded cost tensor, solved
 * together), then every matched pair contributes {@code focalWeight * focal + diceWeight * dice},
 * both restricted to the real image inside the padded square, and the sum is divided by the
 * number of target masks.
 */
public final class MaskCriterion implements AutoCloseable {

    private final TargetMatcher matcher = new TargetMatcher();
    private final double focalWeight;
    private final double diceWeight;
    private final boolean areaTargets;

    /**
     * @param areaTargets whether targets on the logits grid are each cell's mask coverage
     *                    ({@link MaskGrid#coverage}) instead of the reference's nearest samples
     */
    public MaskCriterion(double focalWeight, double diceWeight, boolean areaTargets) {
        this.focalWeight = focalWeight;
        this.diceWeight = diceWeight;
        this.areaTargets = areaTargets;
    }

    /**
     * The mean loss of several predictions of the same masks (a masked-attention decoder's, one per
     * layer), each matched on its own; the targets are rastered once for all of them.
     *
     * @param predictions each [B, L, H, W] mask logits, all of one shape, in the caller's graph
     * @return scalar loss; exactly 0, but still connected to every prediction, when there are no targets
     */
    public NDArray loss(List<NDArray> predictions, List<TargetGroup> groups, List<ImageFrame> frames) {
        Shape s = predictions.get(0).getShape();
        int h = (int) s.get(2), w = (int) s.get(3);
        MaskTargetGrids grids = new MaskTargetGrids(frames, h, w, areaTargets, "mask decoder");
        int targetCount = groups.stream().mapToInt(g -> g.targets().size()).sum();
        List<NDArray> losses = new ArrayList<>(predictions.size());
        for (NDArray logits : predictions) {
            Matching matching = targetCount == 0 ? Matching.none(h * w, 0)
                    : matcher.match(logits, groups, grids, new MaskCost(focalWeight, diceWeight, grids::valid));
            losses.add(matching.size() == 0 ? Scalars.zeroLike(logits) : matchedLoss(logits, matching, groups, grids));
        }
        NDArray sum = losses.get(0);
        for (int i = 1; i < losses.size(); i++) {
            sum = sum.add(losses.get(i));
        }
        return losses.size() == 1 ? sum : Scalars.div(sum, losses.size());
    }

    /** The weighted focal + dice loss of the matched pairs, per target. */
    private NDArray matchedLoss(NDArray logits, Matching matching, List<TargetGroup> groups, MaskTargetGrids grids) {
        NDManager m = logits.getManager();
        int k = matching.size(), pixels = matching.width();
        int[] samples = new int[k];
        for (int i = 0; i < k; i++) {
            samples[i] = groups.get(matching.groups()[i]).batchIndex();
        }
        NDArray pred = matching.gather(logits).reshape(k, pixels);                              // [K, P], in the graph
        NDArray y = matching.targetTensor(m);                                                   // [K, P]
        float[] valid = new float[k * pixels];
        for (int i = 0; i < k; i++) {
            System.arraycopy(grids.valid(samples[i]), 0, valid, i * pixels, pixels);
        }
        NDArray v = Constants.of(m, valid, new Shape(k, pixels));                               // [K, P]
        NDArray total = Scalars.mul(MaskLosses.focal(pred, y, v).sum(), focalWeight)
                .add(Scalars.mul(MaskLosses.dice(pred, y, v).sum(), diceWeight));
        return Scalars.div(total, matching.totalTargets());
    }

    @Override
    public void close() {
        matcher.close();
    }
}
