package org.refvlm.trainer.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
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
import org.refvlm.api.RgbImage;
import org.refvlm.spi.DecoderImage;
import org.refvlm.spi.DecoderInput;
import org.refvlm.spi.DecoderSpec;
import org.refvlm.spi.TargetGroup;
import org.refvlm.spi.TrainableDecoder;

class TrainingRouterTest {

    private static final int D = 4, L = 3;
    private static final DecoderImage IMAGE = new DecoderImage(new RgbImage(10, 10, new byte[300]));
    private final NDManager manager = NDManager.newBaseManager();

    @AfterEach
    void close() {
        manager.close();
    }

    /** Loss = sum of the real queries (+1); remembers what it was given. */
    static final class RecordingDecoder implements TrainableDecoder {
        final boolean needsImage;
        final int queries;
        DecoderInput input;
        List<TargetGroup> targets;

        RecordingDecoder(boolean needsImage) {
            this(needsImage, L);
        }

        RecordingDecoder(boolean needsImage, int queries) {
            this.needsImage = needsImage;
            this.queries = queries;
        }

        @Override
        public DecoderSpec spec() {
            return new DecoderSpec(D, queries, List.of(), needsImage);
        }

        @Override
        public List<List<DecodedUnit>> decode(DecoderInput input) {
            throw new UnsupportedOperationException("training only");
        }

        @Override
        public NDArray loss(DecoderInput input, List<TargetGroup> targets) {
            this.input = input;
            this.targets = targets;
            return input.queries().mul(input.queryMask().expandDims(2).toType(DataType.FLOAT32, false)).sum().add(1);
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

        @Override
        public void train(boolean on) {
        }

        @Override
        public void saveFolder(Path dir) {
        }

        @Override
        public Object config() {
            return Map.of();
        }

        @Override
        public void close() {
        }
    }

    private static TrainingRouter.RoutedGroup group(String unit, int[] positions, List<DecodedUnit> targets) {
        return new TrainingRouter.RoutedGroup(List.of(unit), positions, targets);
    }

    @Test
    void eachDecoderGetsItsGroupsPaddedAndAnIdleDecoderAZeroWeightedLoss() {
        RecordingDecoder box = new RecordingDecoder(false), mask = new RecordingDecoder(true);
        NDArray states0 = manager.arange(0f, 6 * D).reshape(6, D);
        NDArray states1 = manager.arange(100f, 100 + 4 * D).reshape(4, D);
        states0.setRequiresGradient(true);
        BoxUnit t = new BoxUnit(0, 0, 1, 1, 1);
        List<TrainingRouter.Sample> batch = List.of(
                new TrainingRouter.Sample(List.of(group("box", new int[] {3, 5}, List.of(t, t))), states0, IMAGE),
                new TrainingRouter.Sample(List.of(group("box", new int[] {2}, List.of(t))), states1, IMAGE));
        TrainedDecoders decoders = new TrainedDecoders();
        decoders.add("box", "box-decoder", box);
        decoders.add("mask", "mask-decoder", mask);
        NDArray squares = manager.zeros(new Shape(2, 3, 8, 8));                              // the step's, at side 8
        List<TrainingRouter.DecoderLoss> losses;
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            losses = new TrainingRouter(decoders, 0.0).losses(batch, Map.of(), Map.of(8, squares), manager);
            gc.backward(losses.get(0).loss().add(losses.get(1).loss()));
        }
        TrainingRouter.DecoderLoss boxLoss = losses.get(0), maskLoss = losses.get(1);
        assertThat(boxLoss.decoder()).isEqualTo("box-decoder");
        assertThat(boxLoss.hadTargets()).isTrue();
        assertThat(maskLoss.hadTargets()).isFalse();
        assertThat(maskLoss.loss().getFloat()).isZero();
        assertThat(mask.input.queryMask().toBooleanArray()).containsOnly(false);
        assertThat(mask.input.images()).as("a decoder that reads the image gets it").containsExactly(IMAGE, IMAGE);
        assertThat(box.input.images()).as("one that does not, does not").isEmpty();
        assertThat(mask.input.pictures(8)).as("the step's squares, not a copy").isSameAs(squares);
        assertThat(box.input.squares()).isEmpty();

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

    @Test
    void aSampleWithThirtyOneInstancesIsTruncatedToTheDecodersThirtyQueriesAndCounted() {
        RecordingDecoder box = new RecordingDecoder(false, 30);
        TrainedDecoders decoders = new TrainedDecoders();
        decoders.add("box", "box-decoder", box);
        List<DecodedUnit> targets = new ArrayList<>();
        for (int i = 0; i < 31; i++) {
            targets.add(new BoxUnit(i, 0, i + 1, 1, BoxUnit.NO_SCORE));
        }
        int[] first = new int[20];
        int[] second = new int[11];
        for (int i = 0; i < 20; i++) {
            first[i] = i;
        }
        for (int i = 0; i < 11; i++) {
            second[i] = 20 + i;
        }
        NDArray states = manager.arange(0f, 31 * D).reshape(31, D);
        List<TrainingRouter.Sample> batch = List.of(new TrainingRouter.Sample(List.of(
                group("box", first, targets.subList(0, 20)), group("box", second, targets.subList(20, 31))),
                states, IMAGE));
        TrainingRouter router = new TrainingRouter(decoders, 0.0);
        TrainingRouter.DecoderLoss loss = router.losses(batch, Map.of(), Map.of(), manager).get(0);
        assertThat(loss.hadTargets()).isTrue();
        assertThat(box.input.queryMask().toBooleanArray()).containsOnly(true).hasSize(30);
        assertThat(box.targets).hasSize(2);
        assertThat(box.targets.get(0).targets()).hasSize(20);
        assertThat(box.targets.get(1).queries()).hasSize(10).startsWith(20).endsWith(29);
        assertThat(box.targets.get(1).targets()).containsExactlyElementsOf(targets.subList(20, 30));
        assertThat(router.truncatedSamples()).isEqualTo(1);
        assertThat(router.droppedReferences()).isEqualTo(1);
    }
}
