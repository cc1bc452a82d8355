package org.refvlm.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.refvlm.nn.ArrayAssert.assertMatches;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link ConvTranspose2d} against {@code kit/conv_transpose2d.json} (numpy scatter, checked there
 * to be conv2d's adjoint), tolerance 1e-5: SAM's 2x2 stride-2 upscaling; grouped, strided and
 * padded; dilated without bias. Output side {@code (H-1)*stride - 2*padding + dilation*(k-1) + 1}.
 */
class ConvTranspose2dTest extends KitTest {

    private static final KitReference REFERENCE = KitReference.load("conv_transpose2d");

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"upscale", "grouped", "dilated"})
    void matchesTheReference(String prefix) {
        ConvolutionReferenceCase c = ConvolutionReferenceCase.of(REFERENCE, prefix);
        Parameters params = new Parameters(manager);
        REFERENCE.putParameters(params, prefix);
        ConvTranspose2d conv = new ConvTranspose2d(params, prefix, c.in(), c.out(), c.options());
        assertThat(params.asMap().keySet()).containsExactlyElementsOf(REFERENCE.parameterNames(prefix));
        NDArray x = REFERENCE.input(manager, "x");                                     // [1, 4, 3, 3]
        ConvOptions o = c.options();
        long side = 2L * o.stride() - 2L * o.padding() + (long) o.dilation() * (o.kernel() - 1) + 1;
        NDArray y = conv.forward(x);                                                   // [1, out, side, side]
        assertThat(y.getShape()).isEqualTo(new Shape(1, c.out(), side, side));
        assertMatches(y, REFERENCE.expected(prefix));
    }

    @Test
    void declaresTorchWeightLayoutAndFanIn() {
        Parameters params = new Parameters(manager, 1);
        new ConvTranspose2d(params, "up", 8, 4, ConvOptions.kernel(2).stride(2).groups(2));
        assertThat(params.get("up.weight").getShape()).isEqualTo(new Shape(8, 2, 2, 2));  // [in, out/groups, k, k]
        assertThat(params.get("up.bias").getShape()).isEqualTo(new Shape(4));
        // torch's fan-in of a transposed convolution is the weight's second axis times k*k: 2 * 4 = 8
        float bound = (float) (1 / Math.sqrt(8));
        float max = 0;
        for (float v : params.get("up.weight").toFloatArray()) {
            max = Math.max(max, Math.abs(v));
        }
        assertThat(max).as("largest |w| of 64 draws from U(-1/sqrt 8, 1/sqrt 8)")
                .isLessThan(bound).isGreaterThan(0.8f * bound);
    }

    @Test
    void channelsNotDivisibleByGroupsAreRejected() {
        Parameters params = new Parameters(manager);
        assertThatThrownBy(() -> new ConvTranspose2d(params, "up", 4, 3, ConvOptions.kernel(2).groups(2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("4 input").hasMessageContaining("3 output").hasMessageContaining("2 groups");
    }
}
