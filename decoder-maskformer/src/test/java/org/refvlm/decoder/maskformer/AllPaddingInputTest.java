package org.refvlm.decoder.maskformer;

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

/**
 * A decoder with no targets in a batch runs on an input whose every query slot is padding, and
 * the router multiplies its loss by 0: NaN x 0 is NaN, so no NaN may appear in the loss or in any
 * gradient. Masked attention is the risky case: a query whose mask covers no pixel would attend
 * to nothing and softmax would divide by zero.
 */
class AllPaddingInputTest {

    @ParameterizedTest(name = "masked attention {0}")
    @ValueSource(booleans = {false, true})
    void noNanReachesTheLossOrAnyGradient(boolean maskedAttention) {
        try (NDManager manager = NDManager.newBaseManager();
             MaskFormerDecoder decoder = new MaskFormerDecoder(TinyMasks.config(maskedAttention), manager, 9)) {
            decoder.train(true);
            decoder.parameters().values().forEach(p -> p.setRequiresGradient(true));
            DecoderInput input = TinyMasks.input(manager, 3);
            DecoderInput allPadding = new DecoderInput(manager.zeros(input.queries().getShape()),
                    manager.zeros(new Shape(2, TinyMasks.L), DataType.BOOLEAN), input.features(), input.frames());
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray loss = Scalars.mul(decoder.loss(allPadding, List.of()), 0.0);  // as the router weighs it
                assertThat(Float.isFinite(loss.getFloat())).isTrue();
                collector.backward(loss);
            }
            assertThat(Gradients.nonFinite(decoder.parameters())).isEmpty();
        }
    }
}
