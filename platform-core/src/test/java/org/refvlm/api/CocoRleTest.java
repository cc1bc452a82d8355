package org.refvlm.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class CocoRleTest {

    /** A 3x4 mask, row-major; COCO counts it down columns. */
    private static final boolean[] MASK = {
        false, true, true, false,
        false, true, false, false,
        true, true, false, false,
    };

    @Test
    void countsRunColumnMajorStartingWithZeros() {
        CocoRle rle = CocoRle.encode(MASK, 3, 4);
        // column 0: 0 0 1 | column 1: 1 1 1 | column 2: 1 0 0 | column 3: 0 0 0
        assertThat(rle.counts()).containsExactly(2, 5, 5);
        assertThat(rle.area()).isEqualTo(5);
        assertThat(rle.decode()).containsExactly(MASK);
    }

    @Test
    void maskStartingWithOneHasAnEmptyFirstRun() {
        CocoRle rle = CocoRle.encode(new boolean[] {true, false}, 2, 1);
        assertThat(rle.counts()).containsExactly(0, 1, 1);
    }

    @Test
    void compactStringMatchesCocoForAKnownMask() {
        // Runs [2, 5, 5]: 2 -> '2', 5 -> '5', and 5 (third run, no delta before index 3) -> '5'.
        assertThat(CocoRle.encode(MASK, 3, 4).toCompactString()).isEqualTo("255");
        // Deltas from the fourth run on, and multi-character runs (value 100 = 0b11_00100).
        CocoRle big = new CocoRle(10, 20, new int[] {100, 50, 30, 20});
        assertThat(CocoRle.fromCompactString(big.toCompactString(), 10, 20)).isEqualTo(big);
    }

    @Test
    void rejectsRunsThatDoNotCoverTheMask() {
        assertThatThrownBy(() -> new CocoRle(2, 2, new int[] {1, 2}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cover 3 pixels, the mask has 4");
        assertThatThrownBy(() -> CocoRle.fromCompactString("2", 2, 2))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CocoRle.fromCompactString("\u0001", 1, 1))
                .hasMessageContaining("invalid character at 0");
    }

    record Mask(int height, int width, boolean[] pixels) {
    }

    @Provide
    Arbitrary<Mask> masks() {
        return Combinators.combine(Arbitraries.integers().between(1, 24), Arbitraries.integers().between(1, 24))
                .flatAs((h, w) -> Arbitraries.integers().between(0, 100).flatMap(density ->
                        Arbitraries.of(true, false).list().ofSize(h * w).map(l -> {
                            boolean[] p = new boolean[h * w];
                            for (int i = 0; i < p.length; i++) {
                                p[i] = l.get(i) && (i * 37 % 100) < density;
                            }
                            return new Mask(h, w, p);
                        })));
    }

    @Property(tries = 500)
    void encodeThenDecodeGivesTheMaskBack(@ForAll("masks") Mask m) {
        CocoRle rle = CocoRle.encode(m.pixels(), m.height(), m.width());
        assertThat(rle.decode()).containsExactly(m.pixels());
        long area = 0;
        for (boolean b : m.pixels()) {
            area += b ? 1 : 0;
        }
        assertThat(rle.area()).isEqualTo(area);
    }

    @Property(tries = 500)
    void compactStringRoundTrips(@ForAll("masks") Mask m) {
        CocoRle rle = CocoRle.encode(m.pixels(), m.height(), m.width());
        assertThat(CocoRle.fromCompactString(rle.toCompactString(), m.height(), m.width())).isEqualTo(rle);
    }
}
