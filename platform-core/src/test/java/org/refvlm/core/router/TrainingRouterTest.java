package org.refvlm.core.router;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.refvlm.api.BoxUnit;
import org.refvlm.api.DecodedUnit;
import org.refvlm.spi.DecoderInput;
import org.refvlm.spi.DecoderSpec;
import org.refvlm.spi.ImageFrame;
import org.refvlm.spi.TargetGroup;
import org.refvlm.spi.VisualUnitDecoder;

class TrainingRouterTest {

    private static final int D = 4, L = 3;
    private final NDManager manager = NDManager.newBaseManager();

    @AfterEach
    void close() {
        manager.close();
    }

    /** Loss = sum of the real queries; remembers what it was given. */
    static final class RecordingDecoder implements VisualUnitDecoder {
        DecoderInput input;
        List<TargetGroup> targets;

        @Override
        public DecoderSpec spec() {
            return new DecoderSpec(D, L, List.of());
        }

        @Override
        public List<List<DecodedUnit>> decode(DecoderInput input) {
            throw new UnsupportedOperationException("training only");
        }

        @Override
        public NDArray loss(DecoderInput input, List<TargetGroup> targets) {
            this.input = input;
            this.targets = targets;
            return input.queries().mul(input.queryMask().expandDims(2).toType(ai.djl.ndarray.types.DataType.FLOAT32, false)).sum().add(1);
        }

        @Override
        public Map<String, NDArray> parameters() {
            return Map.of();
        }

        @Override
        public void save(Path file) {
        }

        @Override
        public void load(Path file) {
        }
    }

    private static ReferringGroup group(String unit, int refs) {
        List<CapturedReference> r = new ArrayList<>();
        for (int i = 0; i < refs; i++) {
            r.add(new CapturedReference(null, null));
        }
        return new ReferringGroup(0, "x", List.of(unit), r);
    }

    @Test
    void eachDecoderGetsItsGroupsPaddedAndAnIdleDecoderAZeroWeightedLoss() {
        RecordingDecoder box = new RecordingDecoder(), mask = new RecordingDecoder();
        NDArray states0 = manager.arange(0f, 6 * D).reshape(6, D);
        NDArray states1 = manager.arange(100f, 100 + 4 * D).reshape(4, D);
        states0.setRequiresGradient(true);
        BoxUnit t = new BoxUnit(0, 0, 1, 1, 1);
        List<TrainingRouter.Sample> batch = List.of(
                new TrainingRouter.Sample(List.of(group("box", 2)), List.of(List.of(t, t)), states0,
                        List.of(new int[] {3, 5}), new ImageFrame(10, 10)),
                new TrainingRouter.Sample(List.of(group("box", 1)), List.of(List.of(t)), states1,
                        List.of(new int[] {2}), new ImageFrame(10, 10)));
        TrainingRouter router = new TrainingRouter(LatentRouterTest.registry(Map.of("box", box, "mask", mask)), 0.0);
        List<TrainingRouter.DecoderLoss> losses;
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            losses = router.losses(batch, Map.of(), manager);
            NDArray total = losses.get(0).loss().add(losses.get(1).loss());
            gc.backward(total);
        }
        TrainingRouter.DecoderLoss boxLoss = losses.stream().filter(l -> l.decoder().equals("box-decoder")).findFirst().orElseThrow();
        TrainingRouter.DecoderLoss maskLoss = losses.stream().filter(l -> l.decoder().equals("mask-decoder")).findFirst().orElseThrow();
        assertThat(boxLoss.hadTargets()).isTrue();
        assertThat(maskLoss.hadTargets()).isFalse();
        assertThat(maskLoss.loss().getFloat()).isZero();
        assertThat(mask.input.queryMask().toBooleanArray()).containsOnly(false);

        assertThat(box.input.queries().getShape()).isEqualTo(new Shape(2, L, D));
        assertThat(box.input.queryMask().toBooleanArray()).containsExactly(true, true, false, true, false, false);
        assertThat(box.targets).hasSize(2);
        assertThat(box.targets.get(0).queries()).containsExactly(0, 1);
        assertThat(box.targets.get(1).batchIndex()).isEqualTo(1);
        float[] q = box.input.queries().toFloatArray();
        assertThat(q[0]).isEqualTo(12f);          // sample 0, slot 0 = state at position 3
        assertThat(q[D]).isEqualTo(20f);          // slot 1 = position 5
        assertThat(q[L * D]).isEqualTo(108f);     // sample 1, slot 0 = position 2
        float[] grad = states0.getGradient().toFloatArray();
        assertThat(grad[3 * D]).isEqualTo(1f);    // REF states receive the decoder's gradient
        assertThat(grad[0]).isZero();
    }
}
