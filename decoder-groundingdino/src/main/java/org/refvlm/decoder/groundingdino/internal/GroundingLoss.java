package org.refvlm.decoder.groundingdino.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import java.util.ArrayList;
import java.util.List;
import org.refvlm.api.BoxUnit;
import org.refvlm.api.DecodedUnit;
import org.refvlm.nn.Constants;
import org.refvlm.nn.MatMul;
import org.refvlm.nn.Scalars;
import org.refvlm.spi.ImageFrame;
import org.refvlm.spi.TargetGroup;
import org.refvlm.spi.support.BoxLosses;
import org.refvlm.spi.support.Matching;
import org.refvlm.spi.support.PairCost;
import org.refvlm.spi.support.TargetMatcher;

/**
 * Grounding DINO's training loss over {@code <REF>} columns: the detector's Q queries are matched
 * (the platform's Hungarian matcher, one assignment per picture) against the picture's target
 * boxes, each target positive on its phrase group's columns; the cost is the focal class cost
 * averaged over those columns plus DETR's L1 and GIoU. The loss is sigmoid focal classification
 * over every query and every real column (unmatched queries are negatives) plus L1 and GIoU on
 * the matched pairs, all divided by the number of target boxes, for every decoder layer.
 */
public final class GroundingLoss implements AutoCloseable {

    private final LossWeights config;
    private final TargetMatcher matcher = new TargetMatcher();

    public GroundingLoss(LossWeights config) {
        this.config = config;
    }

    /**
     * @param logits    per trained layer [B, Q, L] contrastive logits over the REF columns
     * @param boxes     per trained layer [B, Q, 4] normalised (cx, cy, w, h)
     * @param realMask  [B, L] boolean, the real REF slots
     * @param frames    per sample, its padded square
     * @param groups    the platform's phrase groups (slots and targets)
     */
    public NDArray loss(List<NDArray> logits, List<NDArray> boxes, NDArray realMask, List<ImageFrame> frames,
                        List<TargetGroup> groups) {
        int b = (int) realMask.getShape().get(0);
        int l = (int) realMask.getShape().get(1);
        int q = (int) boxes.get(0).getShape().get(1);
        List<TargetGroup> perSample = perSample(groups, b, q);
        ColumnTargets encoding = new ColumnTargets(frames, l);
        NDArray columnMask = realMask.toType(DataType.FLOAT32, false).reshape(b, 1, l);     // [B, 1, L]
        NDArray total = null;
        for (int layer = 0; layer < logits.size(); layer++) {
            NDArray lg = logits.get(layer);
            NDArray bx = boxes.get(layer);
            NDArray predicted = NDArrays.concat(new NDList(bx, lg), 2);                       // [B, Q, 4 + L]
            Matching m = matcher.match(predicted, perSample, encoding, cost());
            int targets = Math.max(1, m.totalTargets());
            NDArray cls = Scalars.div(focal(lg, classTargets(m, b, q, l, lg), columnMask), targets);
            NDArray box = BoxLosses.loss(bx, boxOnly(m), config.l1Weight(), config.giouWeight());
            NDArray layerLoss = Scalars.mul(cls, config.classWeight()).add(box);
            total = total == null ? layerLoss : total.add(layerLoss);
        }
        return total;
    }

    /** One group per picture: all its targets, each carrying its phrase group's columns; all Q queries compete. */
    private static List<TargetGroup> perSample(List<TargetGroup> groups, int batch, int queries) {
        List<List<DecodedUnit>> targets = new ArrayList<>();
        for (int i = 0; i < batch; i++) {
            targets.add(new ArrayList<>());
        }
        for (TargetGroup g : groups) {
            for (DecodedUnit t : g.targets()) {
                if (!(t instanceof BoxUnit box)) {
                    throw new IllegalArgumentException("a box decoder needs box targets, got a '" + t.unit() + "'");
                }
                targets.get(g.batchIndex()).add(new ColumnTarget(box, g.queries()));
            }
        }
        int[] all = new int[queries];
        for (int i = 0; i < queries; i++) {
            all[i] = i;
        }
        List<TargetGroup> out = new ArrayList<>();
        for (int i = 0; i < batch; i++) {
            if (!targets.get(i).isEmpty()) {
                out.add(new TargetGroup(i, all, targets.get(i)));
            }
        }
        return out;
    }

    /** Focal class cost averaged over each target's columns, plus L1 and GIoU. [G, N, M] */
    private PairCost cost() {
        PairCost boxCost = BoxLosses.cost(config.l1Weight(), config.giouWeight());
        double alpha = config.focalAlpha();
        double gamma = config.focalGamma();
        return (predicted, targets, samples) -> {
            NDArray p = Activation.sigmoid(predicted.get(":, :, 4:"));                         // [G, N, L]
            // (1 - p) first, then the epsilon: 1 + 1e-8 is 1 in float32 and a saturated p would give log 0
            NDArray q = p.neg().add(1f);
            NDArray pos = Scalars.mul(Scalars.pow(q, gamma).mul(p.add(1e-8f).log().neg()), alpha);
            NDArray neg = Scalars.mul(Scalars.pow(p, gamma).mul(q.add(1e-8f).log().neg()), 1 - alpha);
            NDArray cls = MatMul.of(pos.sub(neg), targets.get(":, :, 4:").transpose(0, 2, 1)); // [G, N, M]
            NDArray geometry = boxCost.cost(predicted.get(":, :, :4"), targets.get(":, :, :4"), samples);
            return Scalars.mul(cls, config.classWeight()).add(geometry);
        };
    }

    /** [B, Q, L]: 1 where a matched query meets one of its target's columns. */
    private static NDArray classTargets(Matching m, int b, int q, int l, NDArray like) {
        float[] t = new float[b * q * l];
        for (int k = 0; k < m.size(); k++) {
            float[] encoded = m.target(k);
            for (int c = 0; c < l; c++) {
                if (encoded[4 + c] > 0) {
                    t[(int) m.rows()[k] * l + c] = 1f;
                }
            }
        }
        return Constants.of(like.getManager(), t, new Shape(b, q, l));
    }

    /** The matching with only the box numbers, for {@link BoxLosses#loss}. */
    private static Matching boxOnly(Matching m) {
        float[] boxes = new float[m.size() * 4];
        for (int k = 0; k < m.size(); k++) {
            System.arraycopy(m.target(k), 0, boxes, k * 4, 4);
        }
        return new Matching(m.rows(), m.groups(), m.targets(), boxes, 4, m.totalTargets());
    }

    /** Sigmoid focal loss summed over queries and real columns. */
    private NDArray focal(NDArray logits, NDArray targets, NDArray columnMask) {
        NDArray p = Activation.sigmoid(logits);
        // binary cross-entropy with logits, written stably: max(x, 0) - x t + log(1 + exp(-|x|))
        NDArray ce = Activation.relu(logits).sub(logits.mul(targets)).add(logits.abs().neg().exp().add(1f).log());
        NDArray notT = targets.neg().add(1f);
        NDArray pt = p.mul(targets).add(p.neg().add(1f).mul(notT));
        NDArray weight = Scalars.pow(pt.neg().add(1f), config.focalGamma());
        NDArray alphaT = Scalars.mul(targets, config.focalAlpha()).add(Scalars.mul(notT, 1 - config.focalAlpha()));
        return ce.mul(weight).mul(alphaT).mul(columnMask).sum();
    }

    @Override
    public void close() {
        matcher.close();
    }
}
