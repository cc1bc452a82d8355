package org.refvlm.data;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.refvlm.api.CocoRle;

import static org.assertj.core.api.Assertions.assertThat;

/** The pixel masks of the renderer and the rasteriser against the platform's run-length encoding. */
class BinaryMaskTest {

    @Property(tries = 300)
    void runLengthRoundTrip(@ForAll("masks") BinaryMask mask) {
        CocoRle rle = mask.toRle();
        assertThat(rle.height()).isEqualTo(mask.height());
        assertThat(rle.width()).isEqualTo(mask.width());
        assertThat(rle.area()).isEqualTo(mask.area());
        assertThat(BinaryMask.of(rle)).isEqualTo(mask);
        assertThat(CocoRle.fromCompactString(rle.toCompactString(), mask.height(), mask.width())).isEqualTo(rle);
        Box bounds = Box.boundsOf(rle);
        if (mask.area() == 0) {
            assertThat(bounds).isNull();
        } else {
            assertThat(mask.toRle((int) bounds.x0(), (int) bounds.y0(), (int) bounds.x1(), (int) bounds.y1())).isEqualTo(rle);
        }
    }

    @Provide
    Arbitrary<BinaryMask> masks() {
        return Combinators.combine(Arbitraries.integers().between(1, 40), Arbitraries.integers().between(1, 40),
                        Arbitraries.longs(), Arbitraries.doubles().between(0, 1))
                .as((w, h, seed, density) -> {
                    java.util.Random r = new java.util.Random(seed);
                    boolean[] px = new boolean[w * h];
                    // runs rather than noise, so long runs and multi-group numbers get exercised too
                    boolean v = r.nextBoolean();
                    for (int i = 0; i < px.length; i++) {
                        if (r.nextDouble() < 0.1) {
                            v = r.nextDouble() < density;
                        }
                        px[i] = v;
                    }
                    return new BinaryMask(w, h, px);
                });
    }
}
