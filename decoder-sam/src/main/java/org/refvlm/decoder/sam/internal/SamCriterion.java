package org.refvlm.decoder.sam.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.refvlm.nn.Constants;
import org.refvlm.nn.Scalars;
import org.refvlm.spi.ImageFrame;
import org.refvlm.spi.TargetGroup;
import org.refvlm.spi.support.MaskCost;
import org.refvlm.spi.support.MaskLosses;
import org.refvlm.spi.support.MaskTargetGrids;
import org.refvlm.spi.support.Matching;
import org.refvlm.spi.support.TargetMatcher;

/**
 * The SAM decoder's loss on grouped-Hungarian pairs: each phrase group's queries are matched to
 * its target masks by the focal x 20 + dice cost on SAM's low-resolution grid (REF-VLM's matcher),
 * then each pair contributes either REF-VLM's {@code maskWeight x focal + diceWeight x dice} or
 * LISA's {@code maskWeight x BCE + diceWeight x dice}, over the cells of the real image, and the
 * sum is divided by the number of target masks. (LISA's own dice scales by 1000 with eps 1e-6; the
 * platform's dice smooths by 1, which this keeps.)
 */
public final class SamCriterion implements AutoCloseable {

    /** REF-VLM's matching weights, used for both losses: matching only has to rank candidates. */
    private static final double MATCH_FOCAL = 20, MATCH_DICE = 1;

    private final TargetMatcher matcher = new TargetMatcher();
    private final boolean focal;
    private final double maskWeight;
    private final double diceWeight;
    private final boolean areaTargets;

    /** @param focal the focal term (REF-VLM), else BCE (LISA) */
    public SamCriterion(boolean focal, double maskWeight, double diceWeight, boolean areaTargets) {
        this.focal = focal;
        this.maskWeight = maskWeight;
        this.diceWeight = diceWeight;
        this.areaTargets = areaTargets;
    }

    /**
     * @param logits [B, L, h, w] low-resolution mask logits on SAM's square (image at the top-left)
     * @param frames each sample's frame with the image at the top-left
     * @return scalar; 0 but connected to {@code logits} without targets
     */
    public NDArray loss(NDArray logits, List<TargetGroup> groups, List<ImageFrame> frames) {
        Shape s = logits.getShape();
        int h = (int) s.get(2), w = (int) s.get(3);
        MaskTargetGrids grids = new MaskTargetGrids(frames, h, w, areaTargets, "SAM decoder");
        int targetCount = groups.stream().mapToInt(g -> g.targets().size()).sum();
        if (targetCount == 0) {
            return Scalars.zeroLike(logits);
        }
        Matching matching = matcher.match(logits, groups, grids, new MaskCost(MATCH_FOCAL, MATCH_DICE, grids::valid));
        if (matching.size() == 0) {
            return Scalars.zeroLike(logits);
        }
        NDManager m = logits.getManager();
        int k = matching.size(), cells = matching.width();
        NDArray pred = matching.gather(logits).reshape(k, cells);                               // [K, hw], in the graph
        NDArray y = matching.targetTensor(m);                                                   // [K, hw]
        float[] valid = new float[k * cells];
        for (int i = 0; i < k; i++) {
            int sample = groups.get(matching.groups()[i]).batchIndex();
            System.arraycopy(grids.valid(sample), 0, valid, i * cells, cells);
        }
        NDArray v = Constants.of(m, valid, new Shape(k, cells));                                // [K, hw]
        NDArray pixelTerm = focal ? MaskLosses.focal(pred, y, v) : MaskLosses.bce(pred, y, v);  // [K]
        NDArray total = Scalars.mul(pixelTerm.sum(), maskWeight)
                .add(Scalars.mul(MaskLosses.dice(pred, y, v).sum(), diceWeight));
        return Scalars.div(total, matching.totalTargets());
    }

    @Override
    public void close() {
        matcher.close();
    }
}
