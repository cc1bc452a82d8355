package org.refvlm.decoder.maskformer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.refvlm.decoder.maskformer.TinyMasks.FRAMES;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.refvlm.api.CocoRle;
import org.refvlm.api.DecodedUnit;
import org.refvlm.api.MaskUnit;
import org.refvlm.spi.DecoderInput;
import org.refvlm.spi.TargetGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The decoder can learn: on fixed random REF embeddings and features, three fixed masks in two
 * phrase groups are fitted by plain Adam, the loss falls at least five-fold and the decoded
 * masks overlap their targets.
 */
class OverfitTest {

    private static final Logger LOG = LoggerFactory.getLogger(OverfitTest.class);
    private static final int STEPS = 200;
    private static final float LR = 3e-3f;

    /**
     * Adam (Kingma and Ba) with bias correction, in place on the parameter arrays. Its moments are
     * created up front, outside any step's scope, so they live as long as the optimiser.
     */
    private static final class Adam {
        private final Map<String, NDArray> m = new LinkedHashMap<>();
        private final Map<String, NDArray> v = new LinkedHashMap<>();
        private int t;

        Adam(Map<String, NDArray> params) {
            params.forEach((name, p) -> {
                m.put(name, p.zerosLike());
                v.put(name, p.zerosLike());
            });
        }

        void step(Map<String, NDArray> params, float lr) {
            t++;
            float c1 = (float) (1 - Math.pow(0.9, t)), c2 = (float) (1 - Math.pow(0.999, t));
            for (Map.Entry<String, NDArray> e : params.entrySet()) {
                NDArray p = e.getValue(), g = p.getGradient();
                NDArray mt = m.get(e.getKey()), vt = v.get(e.getKey());
                mt.muli(0.9f).addi(g.mul(0.1f));
                vt.muli(0.999f).addi(g.square().mul(0.001f));
                p.subi(mt.div(c1).div(vt.div(c2).sqrt().add(1e-8f)).mul(lr));
                g.subi(g);                                                   // gradients accumulate otherwise
            }
        }
    }

    @ParameterizedTest(name = "masked attention: {0}")
    @ValueSource(booleans = {false, true})
    void fitsThreeMasksInTwoGroups(boolean maskedAttention) {
        try (NDManager manager = NDManager.newBaseManager();
             MaskFormerDecoder decoder = new MaskFormerDecoder(TinyMasks.config(maskedAttention), manager, 3)) {
            Engine.getInstance().setRandomSeed(5);
            DecoderInput input = TinyMasks.input(manager, 11);
            List<TargetGroup> targets = List.of(
                    new TargetGroup(0, new int[] {0, 1}, List.of(TinyMasks.rectangle(FRAMES.get(0), 4, 6, 30, 40),
                            TinyMasks.disc(FRAMES.get(0), 46, 20, 12))),
                    new TargetGroup(1, new int[] {0}, List.of(TinyMasks.disc(FRAMES.get(1), 24, 44, 14))));
            decoder.parameters().values().forEach(p -> p.setRequiresGradient(true));
            decoder.train(true);
            Adam adam = new Adam(decoder.parameters());
            float first = 0, last = 0;
            long start = System.nanoTime();
            for (int step = 0; step < STEPS; step++) {
                try (NDScope scope = new NDScope()) {
                    float value;
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDArray loss = decoder.loss(input, targets);
                        value = loss.getFloat();
                        gc.backward(loss);
                    }
                    adam.step(decoder.parameters(), LR);
                    if (step == 0) {
                        first = value;
                    }
                    // average the last ten steps: dropout makes single steps noisy
                    if (step >= STEPS - 10) {
                        last += value / 10;
                    }
                    if (step % 50 == 0 || Boolean.getBoolean("overfit.verbose")) {
                        LOG.info("step {} loss {}", step, value);
                    }
                    scope.suppressNotUsedWarning();
                }
            }
            decoder.train(false);
            List<List<DecodedUnit>> out = decoder.decode(input);
            double[] ious = {
                bestIou(out.get(0), targets.get(0), 0), bestIou(out.get(0), targets.get(0), 1),
                bestIou(out.get(1), targets.get(1), 0)};
            LOG.info("overfit: loss {} -> {} ({}x) in {} steps, {} ms; IoU {} {} {}", first, last, first / last, STEPS,
                    (System.nanoTime() - start) / 1_000_000, ious[0], ious[1], ious[2]);
            assertThat(first / last).isGreaterThanOrEqualTo(5f);
            for (double iou : ious) {
                assertThat(iou).isGreaterThan(0.6);
            }
        }
    }

    /** IoU of target {@code k} with the best decoded mask of its group (matching may permute them). */
    private static double bestIou(List<DecodedUnit> decoded, TargetGroup group, int k) {
        CocoRle target = ((MaskUnit) group.targets().get(k)).mask();
        double best = 0;
        for (int q : group.queries()) {
            best = Math.max(best, TinyMasks.iou(((MaskUnit) decoded.get(q)).mask(), target));
        }
        return best;
    }
}
