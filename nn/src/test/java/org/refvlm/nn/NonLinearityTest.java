package org.refvlm.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.refvlm.nn.ArrayAssert.assertMatches;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each {@link NonLinearity} on 40 values in [-6, 6] against {@code kit/nonlinearity.json}
 * (exact erf GELU, quick GELU, SiLU, ReLU), tolerance 1e-5.
 */
class NonLinearityTest extends KitTest {

    private static final KitReference REFERENCE = KitReference.load("nonlinearity");

    @ParameterizedTest
    @EnumSource(NonLinearity.class)
    void matchesTheReference(NonLinearity f) {
        assertMatches(f.apply(REFERENCE.input(manager, "x")), REFERENCE.expected(f.name()));
    }

    @Test
    void geluIsTheErfFormNotTheTanhApproximation() {
        // at x = 1: erf form 0.8413447, tanh approximation 0.8411920; 1.5e-4 apart
        float y = NonLinearity.GELU.apply(manager.create(new float[] {1f})).toFloatArray()[0];
        assertThat((double) y).isCloseTo(0.8413447460685429, within(1e-6));
    }

    @Test
    void configNamesMapToTheirFunctions() {
        assertThat(NonLinearity.of("relu")).isEqualTo(NonLinearity.RELU);
        assertThat(NonLinearity.of("gelu")).isEqualTo(NonLinearity.GELU);
        assertThat(NonLinearity.of("quick_gelu")).isEqualTo(NonLinearity.QUICK_GELU);
        assertThat(NonLinearity.of("silu")).isEqualTo(NonLinearity.SILU);
        assertThat(NonLinearity.of("swish")).isEqualTo(NonLinearity.SILU);
        assertThatThrownBy(() -> NonLinearity.of("gelu_new")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'gelu_new'");
    }
}
