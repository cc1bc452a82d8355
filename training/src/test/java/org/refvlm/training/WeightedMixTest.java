package org.refvlm.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import java.util.List;
import org.junit.jupiter.api.Test;

class WeightedMixTest {
    /** A source whose batch names where it came from. */
    private static BatchSource<String> named(String name) {
        return (seed, index, m) -> name + ":" + seed + ":" + index;
    }

    private final WeightedMix<String> mix = new WeightedMix<>(List.of(
            new WeightedMix.Part<>("rec", 3, named("rec")),
            new WeightedMix.Part<>("res", 1, named("res")),
            new WeightedMix.Part<>("gcg", 1, named("gcg"))));

    @Test
    void sharesFollowTheWeights() {
        int[] counts = new int[3];
        int n = 20_000;
        for (long i = 0; i < n; i++) {
            counts[mix.choose(42, i)]++;
        }
        assertThat(counts[0] / (double) n).isCloseTo(0.6, within(0.02));
        assertThat(counts[1] / (double) n).isCloseTo(0.2, within(0.02));
        assertThat(counts[2] / (double) n).isCloseTo(0.2, within(0.02));
    }

    @Test
    void batchIsAPureFunctionOfSeedAndIndex() {
        try (NDManager m = NDManager.newBaseManager()) {
            WeightedMix<String> again = new WeightedMix<>(mix.parts());
            for (long i = 0; i < 200; i++) {
                assertThat(again.batch(7, i, m)).isEqualTo(mix.batch(7, i, m));
                assertThat(mix.batch(7, i, m)).endsWith(":" + i);
            }
            long differing = 0;
            for (long i = 0; i < 200; i++) {
                if (mix.choose(7, i) != mix.choose(8, i)) {
                    differing++;
                }
            }
            assertThat(differing).isPositive();
        }
    }

    @Test
    void rejectsBadWeights() {
        assertThatThrownBy(() -> new WeightedMix.Part<>("x", 0, named("x"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new WeightedMix<String>(List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
