package org.refvlm.decoder.detr;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.refvlm.nn.Scalars;
import org.refvlm.spi.DecoderInput;
import org.refvlm.training.Gradients;
import org.refvlm.spi.ImageFrame;

/**
 * A decoder with no targets in a batch runs on an input whose every query slot is padding, and
 * the router multiplies its loss by 0: NaN x 0 is NaN, so no NaN may appear anywhere, in the loss
 * or in any gradient, or one idle decoder would poison every parameter of the step.
 */
class AllPaddingInputTest {

    private static final List<ImageFrame> FRAMES = List.of(new ImageFrame(40, 30), new ImageFrame(20, 50));

    @ParameterizedTest(name = "grounding map {0}")
    @ValueSource(booleans = {false, true})
    void noNanReachesTheLossOrAnyGradient(boolean groundingMap) {
        DetrDecoderConfig base = TinyBatch.config(0.0);
        DetrDecoderConfig config = groundingMap
                ? base.toBuilder().alignWeight(1.0).boxesFromMap(true).memoryLayers(1).refineMap(true).build() : base;
        TinyBatch batch = new TinyBatch(config, 23, new boolean[2 * config.numQueries()], FRAMES);
        try (NDManager manager = NDManager.newBaseManager();
             DetrBoxDecoder decoder = new DetrBoxDecoder(config, manager, 5)) {
            decoder.train(true);
            decoder.parameters().values().forEach(p -> p.setRequiresGradient(true));
            DecoderInput input = batch.input(manager);
            NDArray zeros = manager.zeros(input.queries().getShape());
            DecoderInput allPadding = new DecoderInput(zeros, manager.zeros(new Shape(2, config.numQueries()),
                    DataType.BOOLEAN), input.features(), FRAMES);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray loss = Scalars.mul(decoder.loss(allPadding, List.of()), 0.0);  // as the router weighs it
                assertThat(Float.isFinite(loss.getFloat())).isTrue();
                collector.backward(loss);
            }
            assertThat(Gradients.nonFinite(decoder.parameters())).isEmpty();
            assertThat(decoder.decode(allPadding)).containsExactly(List.of(), List.of());
        }
    }
}
