package org.refvlm.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.refvlm.api.RgbImage;

/** The pictures a decoder reads: the padded squares, made ahead by the platform or on demand. */
class DecoderInputPicturesTest {

    private static RgbImage noise(int w, int h, long seed) {
        byte[] rgb = new byte[w * h * 3];
        new Random(seed).nextBytes(rgb);
        return new RgbImage(w, h, rgb);
    }

    /** The square without resizing holds each pixel's value / 255 where the frame puts it, the fill elsewhere. */
    @Test
    void theSquareHoldsEveryPixelWhereItsFrameSaysAndTheFillAroundIt() {
        float[] fill = DecoderImage.fill();
        try (NDManager m = NDManager.newBaseManager()) {
            for (boolean centred : new boolean[] {false, true}) {
                for (int[] size : new int[][] {{9, 5}, {5, 9}, {6, 6}}) {
                    int w = size[0], h = size[1];
                    RgbImage image = noise(w, h, 7L * w + h);
                    DecoderImage picture = new DecoderImage(image, centred);
                    int square = Math.max(w, h);
                    ImageFrame frame = picture.frame();
                    float[] got = picture.paddedSquare(m, square).toFloatArray();       // [1, 3, S, S]
                    for (int c = 0; c < 3; c++) {
                        for (int y = 0; y < square; y++) {
                            for (int x = 0; x < square; x++) {
                                int ix = x - frame.offsetX(), iy = y - frame.offsetY();
                                boolean inside = ix >= 0 && ix < w && iy >= 0 && iy < h;
                                float expected = inside ? (image.rgb()[(iy * w + ix) * 3 + c] & 0xff) / 255f : fill[c];
                                assertThat(got[(c * square + y) * square + x])
                                        .as("%dx%d centred=%s channel %d at (%d, %d)", w, h, centred, c, x, y)
                                        .isEqualTo(expected);
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void picturesReuseTheSquaresTheBatchCarries() {
        try (NDManager m = NDManager.newBaseManager()) {
            List<DecoderImage> images = List.of(new DecoderImage(noise(12, 8, 1)), new DecoderImage(noise(12, 8, 2)));
            NDArray made = DecoderImage.paddedSquares(images, m, 6);                        // [2, 3, 6, 6]
            DecoderInput input = input(m, images, Map.of(6, made));
            assertThat(input.pictures(6)).isSameAs(made);
        }
    }

    @Test
    void picturesAtAnotherSideAreMadeFromTheImagesAsPaddedSquaresMakesThem() {
        try (NDManager m = NDManager.newBaseManager()) {
            List<DecoderImage> images = List.of(new DecoderImage(noise(12, 8, 3), true), new DecoderImage(noise(7, 9, 4), true));
            DecoderInput input = input(m, images, Map.of(6, DecoderImage.paddedSquares(images, m, 6)));
            NDArray made = input.pictures(5);
            assertThat(made.getShape()).isEqualTo(new Shape(2, 3, 5, 5));
            assertThat(made.toFloatArray()).containsExactly(DecoderImage.paddedSquares(images, m, 5).toFloatArray());
        }
    }

    @Test
    void aBatchWithoutImagesNamesWhatTheDecoderMustDeclare() {
        try (NDManager m = NDManager.newBaseManager()) {
            DecoderInput input = new DecoderInput(m.zeros(new Shape(1, 2, 4)), m.ones(new Shape(1, 2), DataType.BOOLEAN),
                    Map.of(), List.of(new ImageFrame(8, 8)));
            assertThatThrownBy(() -> input.pictures(8)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("needsImage");
        }
    }

    @Test
    void squaresOfAnotherShapeAreRefusedWithTheirSide() {
        try (NDManager m = NDManager.newBaseManager()) {
            List<DecoderImage> images = List.of(new DecoderImage(noise(8, 8, 5)));
            assertThatThrownBy(() -> input(m, images, Map.of(6, m.zeros(new Shape(1, 3, 5, 5)))))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("side 6").hasMessageContaining("(1, 3, 5, 5)");
        }
    }

    private static DecoderInput input(NDManager m, List<DecoderImage> images, Map<Integer, NDArray> squares) {
        int b = images.size();
        return new DecoderInput(m.zeros(new Shape(b, 2, 4)), m.ones(new Shape(b, 2), DataType.BOOLEAN), Map.of(),
                images.stream().map(DecoderImage::frame).toList(), images, squares);
    }
}
