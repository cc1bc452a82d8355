package org.refvlm.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.refvlm.nn.ArrayAssert.assertMatches;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link UnfoldedConvolution}, the matrix-product convolution used where the engine's is wrong:
 * against the direct loops ({@link DirectConvolution}), values and both gradients, on strided,
 * padded, dilated, grouped, depthwise and non-square cases and on the channel counts that broke
 * oneDNN (20 and 24 inputs, batch 2); and against {@code kit/conv2d.json}.
 */
class UnfoldedConvolutionTest extends KitTest {

    /** Float32 products of up to 24 * 9 terms of order 1: rounding is near 1e-5. */
    private static final double TOLERANCE = 1e-4;

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("SAM upscaling, 24 to 6, k2 pad1", new DirectConvolution(2, 24, 6, 10, 10, ConvOptions.kernel(2).padding(1))),
                Arguments.of("20 to 6, k3 pad1", new DirectConvolution(2, 20, 6, 7, 7, ConvOptions.kernel(3).padding(1))),
                Arguments.of("strided, non-square", new DirectConvolution(2, 5, 4, 9, 7, ConvOptions.kernel(3).stride(2).padding(1))),
                Arguments.of("patchify, no bias", new DirectConvolution(1, 3, 8, 8, 8, ConvOptions.kernel(4).stride(4).noBias())),
                Arguments.of("dilated and grouped", new DirectConvolution(2, 6, 4, 9, 9, ConvOptions.kernel(3).dilation(2).padding(2).groups(2))),
                Arguments.of("depthwise 7x7", new DirectConvolution(2, 5, 5, 9, 9, ConvOptions.kernel(7).padding(3).groups(5))),
                Arguments.of("depthwise, multiplier 2", new DirectConvolution(1, 3, 6, 6, 6, ConvOptions.kernel(3).padding(1).groups(3))),
                Arguments.of("pointwise", new DirectConvolution(2, 7, 3, 4, 5, ConvOptions.kernel(1))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesTheDirectLoops(String name, DirectConvolution c) {
        SplittableRandom random = new SplittableRandom(name.hashCode());
        float[] x = DirectConvolution.gaussian(random, c.batch() * c.in() * c.h() * c.w());
        float[] w = DirectConvolution.gaussian(random, c.weightSize());
        float[] b = c.o().bias() ? DirectConvolution.gaussian(random, c.out()) : null;
        NDArray y = UnfoldedConvolution.apply(input(c, x), weight(c, w), b == null ? null : manager.create(b), c.o());
        assertThat(y.getShape()).isEqualTo(new Shape(c.batch(), c.out(), c.outH(), c.outW()));
        assertClose(y.toFloatArray(), c.forward(x, w, b));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void itsGradientsAreTheDirectLoopsAdjoints(String name, DirectConvolution c) {
        SplittableRandom random = new SplittableRandom(name.hashCode() + 1L);
        float[] x = DirectConvolution.gaussian(random, c.batch() * c.in() * c.h() * c.w());
        float[] w = DirectConvolution.gaussian(random, c.weightSize());
        float[] r = DirectConvolution.gaussian(random, c.batch() * c.out() * c.outH() * c.outW());
        NDArray xa = input(c, x);
        NDArray wa = weight(c, w);
        NDArray ba = manager.zeros(new Shape(c.out()));
        xa.setRequiresGradient(true);
        wa.setRequiresGradient(true);
        ba.setRequiresGradient(true);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray y = UnfoldedConvolution.apply(xa, wa, ba, c.o());
            collector.backward(y.mul(manager.create(r, y.getShape())).sum());
        }
        assertClose(xa.getGradient().toFloatArray(), c.inputGradient(r, w));
        assertClose(wa.getGradient().toFloatArray(), c.weightGradient(r, x));
        double[] biasGradient = new double[c.out()];
        int plane = c.outH() * c.outW();
        for (int i = 0; i < r.length; i++) {
            biasGradient[(i / plane) % c.out()] += r[i];
        }
        assertClose(ba.getGradient().toFloatArray(), biasGradient);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"strided", "dilated_grouped", "pointwise", "depthwise"})
    void matchesTheKitReference(String prefix) {
        KitReference reference = KitReference.load("conv2d");
        ConvolutionReferenceCase c = ConvolutionReferenceCase.of(reference, prefix);
        Parameters params = new Parameters(manager);
        reference.putParameters(params, prefix);
        NDArray b = c.options().bias() ? params.get(prefix + ".bias") : null;
        assertMatches(UnfoldedConvolution.apply(reference.input(manager, "x"), params.get(prefix + ".weight"), b,
                c.options()), reference.expected(prefix));
    }

    @org.junit.jupiter.api.Test
    void aKernelLargerThanThePaddedInputIsRejected() {
        assertThatThrownBy(() -> UnfoldedConvolution.apply(manager.zeros(new Shape(1, 2, 3, 3)),
                manager.zeros(new Shape(4, 2, 5, 5)), null, ConvOptions.kernel(5).noBias()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("kernel 5").hasMessageContaining("3x3");
    }

    private NDArray input(DirectConvolution c, float[] x) {
        return Constants.of(manager, x, new Shape(c.batch(), c.in(), c.h(), c.w()));
    }

    private NDArray weight(DirectConvolution c, float[] w) {
        return Constants.of(manager, w, new Shape(c.out(), c.in() / c.o().groups(), c.o().kernel(), c.o().kernel()));
    }

    private static void assertClose(float[] actual, double[] expected) {
        assertThat(actual).hasSize(expected.length);
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
        }
        assertThat(worst).as("largest |difference| from the direct loops").isLessThanOrEqualTo(TOLERANCE);
    }
}
