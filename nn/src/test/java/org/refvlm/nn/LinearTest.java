package org.refvlm.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.refvlm.nn.ArrayAssert.assertMatches;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

/** {@link Linear} against {@code kit/linear.json} (numpy {@code x W^T + b}), tolerance 1e-5. */
class LinearTest extends KitTest {

    private static final KitReference REFERENCE = KitReference.load("linear");

    @Test
    void matchesTheReferenceWithAndWithoutBias() {
        Parameters params = new Parameters(manager);
        REFERENCE.putParameters(params, "");
        Linear proj = new Linear(params, "proj", 4, 5);
        Linear plain = new Linear(params, "plain", 4, 3, false);
        // the layers declared exactly the file's names: weight [out, in], bias [out], no bias for 'plain'
        assertThat(params.asMap().keySet()).containsExactlyElementsOf(REFERENCE.parameterNames(""));

        NDArray x = REFERENCE.input(manager, "x");                                    // [2, 3, 4]
        assertMatches(proj.forward(x), REFERENCE.expected("proj"));                   // [2, 3, 5]
        assertMatches(plain.forward(x), REFERENCE.expected("plain"));                 // [2, 3, 3]
    }

    @Test
    void declaresTorchShapesAndInitialisationBound() {
        Parameters params = new Parameters(manager, 3);
        Linear layer = new Linear(params, "fc", 16, 7);
        assertThat(params.get("fc.weight").getShape()).isEqualTo(new Shape(7, 16));
        assertThat(params.get("fc.bias").getShape()).isEqualTo(new Shape(7));
        assertThat(layer.inFeatures()).isEqualTo(16);
        assertThat(layer.outFeatures()).isEqualTo(7);
        // torch.nn.Linear: weight and bias from U(-1/sqrt(in), 1/sqrt(in)) = U(-0.25, 0.25)
        float max = 0;
        for (float v : params.get("fc.weight").toFloatArray()) {
            max = Math.max(max, Math.abs(v));
        }
        assertThat(max).as("largest |w| of 112 draws from U(-0.25, 0.25)").isLessThan(0.25f).isGreaterThan(0.2f);
    }

    @Test
    void wrongInputWidthNamesTheLayerAndTheInput() {
        Parameters params = new Parameters(manager);
        Linear layer = new Linear(params, "proj", 4, 5);
        NDArray x = manager.ones(new Shape(2, 3));                                    // width 3, not 4
        assertThatThrownBy(() -> layer.forward(x)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("linear layer proj.weight takes 4-wide inputs, got (2, 3)");
    }
}
