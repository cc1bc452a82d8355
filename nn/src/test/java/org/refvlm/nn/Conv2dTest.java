package org.refvlm.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.refvlm.nn.ArrayAssert.assertMatches;

import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link Conv2d} against {@code kit/conv2d.json} (direct-loop numpy conv2d), tolerance 1e-5:
 * strided and padded; dilated and grouped; 1x1 strided without bias; depthwise 2x2.
 */
class Conv2dTest extends KitTest {

    private static final KitReference REFERENCE = KitReference.load("conv2d");

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"strided", "dilated_grouped", "pointwise", "depthwise"})
    void matchesTheReference(String prefix) {
        ConvolutionReferenceCase c = ConvolutionReferenceCase.of(REFERENCE, prefix);
        Parameters params = new Parameters(manager);
        REFERENCE.putParameters(params, prefix);
        Conv2d conv = new Conv2d(params, prefix, c.in(), c.out(), c.options());
        assertThat(params.asMap().keySet()).containsExactlyElementsOf(REFERENCE.parameterNames(prefix));
        assertMatches(conv.forward(REFERENCE.input(manager, "x")), REFERENCE.expected(prefix));  // [1, out, H', W']
    }

    @Test
    void declaresTorchWeightLayout() {
        Parameters params = new Parameters(manager, 1);
        new Conv2d(params, "c", 6, 4, ConvOptions.kernel(3).groups(2));
        assertThat(params.get("c.weight").getShape()).isEqualTo(new Shape(4, 3, 3, 3));   // [out, in/groups, k, k]
        assertThat(params.get("c.bias").getShape()).isEqualTo(new Shape(4));
        // torch.nn.Conv2d: U(-1/sqrt(fanIn)) with fanIn = in/groups * k * k = 27
        float bound = (float) (1 / Math.sqrt(27));
        for (float v : params.get("c.weight").toFloatArray()) {
            assertThat(Math.abs(v)).isLessThan(bound);
        }
    }

    @Test
    void channelsNotDivisibleByGroupsAreRejected() {
        Parameters params = new Parameters(manager);
        assertThatThrownBy(() -> new Conv2d(params, "c", 6, 4, ConvOptions.kernel(3).groups(4)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("6 input").hasMessageContaining("4 output").hasMessageContaining("4 groups");
    }
}
