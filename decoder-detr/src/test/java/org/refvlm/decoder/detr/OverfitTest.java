package org.refvlm.decoder.detr;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.refvlm.api.BoxUnit;
import org.refvlm.api.DecodedUnit;
import org.refvlm.spi.DecoderInput;
import org.refvlm.spi.ImageFrame;
import org.refvlm.spi.TargetGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The decoder can learn: a few hundred Adam steps fit three boxes in two phrase groups. */
class OverfitTest {

    private static final Logger LOG = LoggerFactory.getLogger(OverfitTest.class);
    private static final int STEPS = 150;

    @Test
    void adamFitsTheTargetBoxes() {
        DetrDecoderConfig config = TinyBatch.config(0.0);
        boolean[] mask = {true, true, false, false, false, false, true, false, false, false, false, false};
        List<ImageFrame> frames = List.of(new ImageFrame(64, 48), new ImageFrame(40, 60));
        TinyBatch batch = new TinyBatch(config, 31, mask, frames);
        // Group 0: two queries of sample 0 compete for two boxes; group 1: one query of sample 1, one box.
        List<TargetGroup> targets = List.of(
                new TargetGroup(0, new int[] {0, 1}, List.of(new BoxUnit(4, 6, 30, 40, 1), new BoxUnit(36, 10, 60, 26, 1))),
                new TargetGroup(1, new int[] {0}, List.of(new BoxUnit(10, 20, 32, 55, 1))));

        try (NDManager root = NDManager.newBaseManager();
             DetrBoxDecoder decoder = new DetrBoxDecoder(config, root, 2024)) {
            decoder.train(true);
            Adam adam = new Adam(root, decoder.parameters(), 2e-3f);
            float first = 0;
            float last = 0;
            for (int step = 0; step < STEPS; step++) {
                try (NDManager scope = root.newSubManager()) {
                    DecoderInput input = batch.input(scope);
                    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                        NDArray loss = decoder.loss(input, targets);
                        collector.backward(loss);
                        last = loss.getFloat();
                    }
                    if (step == 0) {
                        first = last;
                    }
                    adam.step(scope);
                }
                if (step % 50 == 0) {
                    LOG.info("step {} loss {}", step, last);
                }
            }
            decoder.train(false);
            List<List<DecodedUnit>> decoded;
            try (NDManager scope = root.newSubManager()) {
                decoded = decoder.decode(batch.input(scope));
            }
            List<Double> ious = new ArrayList<>();
            for (TargetGroup group : targets) {
                List<DecodedUnit> sample = decoded.get(group.batchIndex());
                // Best match inside the group (the matching is free to pair them either way round).
                for (DecodedUnit target : group.targets()) {
                    double best = 0;
                    for (int q : group.queries()) {
                        best = Math.max(best, iou((BoxUnit) sample.get(q), (BoxUnit) target));
                    }
                    ious.add(best);
                }
            }
            LOG.info("overfit: loss {} -> {} ({}x) in {} steps, IoU {}", first, last, first / last, STEPS, ious);
            assertThat(last).isLessThan(first / 5);
            assertThat(ious).allSatisfy(iou -> assertThat(iou).isGreaterThan(0.7));
        }
    }

    static double iou(BoxUnit a, BoxUnit b) {
        double w = Math.max(0, Math.min(a.x1(), b.x1()) - Math.max(a.x0(), b.x0()));
        double h = Math.max(0, Math.min(a.y1(), b.y1()) - Math.max(a.y0(), b.y0()));
        double inter = w * h;
        return inter / (a.area() + b.area() - inter);
    }

    /** Plain Adam (beta 0.9 / 0.999, eps 1e-8), updating the parameters in place. */
    private static final class Adam {
        private final Map<String, NDArray> parameters;
        private final Map<String, NDArray> first = new java.util.HashMap<>();
        private final Map<String, NDArray> second = new java.util.HashMap<>();
        private final float rate;
        private int t;

        Adam(NDManager manager, Map<String, NDArray> parameters, float rate) {
            this.parameters = parameters;
            this.rate = rate;
            parameters.forEach((name, p) -> {
                p.setRequiresGradient(true);
                first.put(name, manager.zeros(p.getShape()));
                second.put(name, manager.zeros(p.getShape()));
            });
        }

        /** Temporaries go to {@code scope}; the moments and parameters are updated in place. */
        void step(NDManager scope) {
            t++;
            float correction1 = (float) (1 - Math.pow(0.9, t));
            float correction2 = (float) (1 - Math.pow(0.999, t));
            parameters.forEach((name, p) -> {
                NDArray g = p.getGradient();
                g.attach(scope);
                NDArray m = first.get(name);
                NDArray v = second.get(name);
                m.muli(0.9f).addi(scopedMul(g, 0.1f, scope));
                v.muli(0.999f).addi(scopedMul(g.square(), 0.001f, scope));
                NDArray mHat = m.div(correction1);
                mHat.attach(scope);
                NDArray vHat = v.div(correction2);
                vHat.attach(scope);
                p.subi(mHat.div(vHat.sqrt().add(1e-8f)).mul(rate));
                g.subi(g); // gradients accumulate in the engine: clear them for the next step
            });
        }

        private static NDArray scopedMul(NDArray x, float factor, NDManager scope) {
            NDArray y = x.mul(factor);
            y.attach(scope);
            return y;
        }
    }
}
