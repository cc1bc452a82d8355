package org.refvlm.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.refvlm.nn.ArrayAssert.assertMatches;

import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link SinePositionEncoding} against {@code kit/position.json}, tolerance 1e-5: DETR's
 * {@code PositionEmbeddingSine(normalize=True)} computed literally (sin of even channels and cos of
 * odd ones stacked and flattened, y half first, raster order), and the 1-D transformer sinusoid.
 */
class SinePositionEncodingTest extends KitTest {

    private static final KitReference REFERENCE = KitReference.load("position");

    @ParameterizedTest(name = "{0}x{1}, d {2}")
    @CsvSource({"3, 4, 8", "2, 5, 16"})
    void gridMatchesDetrsStackingOrder(int h, int w, int d) {
        KitReference.Expected expected = REFERENCE.expected("grid_" + h + "x" + w + "x" + d);
        assertMatches(SinePositionEncoding.grid(manager, h, w, d), expected);                  // [h*w, d]
        ArrayAssert.assertClose(SinePositionEncoding.grid(h, w, d), expected.values(), ArrayAssert.FLOAT32_TOLERANCE,
                expected.what() + " as float[]");
    }

    @Test
    void gridChannelsInterleaveSineAndCosineOfOneFrequency() {
        // token (y 1, x 2) of a 3 x 4 grid, d 8: y channels 0..3 then x channels 4..7;
        // channels 2k and 2k+1 share the frequency 10000^(2k/4)
        float[] pe = SinePositionEncoding.grid(3, 4, 8);
        int base = (1 * 4 + 2) * 8;
        double ye = 2 / (3 + 1e-6) * 2 * Math.PI;
        double xe = 3 / (4 + 1e-6) * 2 * Math.PI;
        assertThat((double) pe[base]).isCloseTo(Math.sin(ye), within(1e-6));
        assertThat((double) pe[base + 1]).isCloseTo(Math.cos(ye), within(1e-6));
        assertThat((double) pe[base + 2]).isCloseTo(Math.sin(ye / 100), within(1e-6));
        assertThat((double) pe[base + 3]).isCloseTo(Math.cos(ye / 100), within(1e-6));
        assertThat((double) pe[base + 4]).isCloseTo(Math.sin(xe), within(1e-6));
        assertThat((double) pe[base + 7]).isCloseTo(Math.cos(xe / 100), within(1e-6));
    }

    @Test
    void sequenceMatchesTheTransformerSinusoid() {
        KitReference.Expected expected = REFERENCE.expected("sequence_6x8");
        assertMatches(SinePositionEncoding.sequence(manager, 6, 8), expected);                 // [6, 8]
        assertThat(SinePositionEncoding.sequence(manager, 6, 8).getShape()).isEqualTo(new Shape(6, 8));
    }

    @Test
    void oddWidthsAreRejected() {
        // the grid needs an even width, half per axis (DETR's own code also needs each half even:
        // its sin and cos halves are stacked, so there is no reference for d = 6)
        assertThatThrownBy(() -> SinePositionEncoding.grid(2, 2, 7)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got 7");
        assertThatThrownBy(() -> SinePositionEncoding.sequence(4, 7)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got 7");
    }
}
