package org.refvlm.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.refvlm.api.BoxUnit;
import org.refvlm.api.CocoRle;
import org.refvlm.api.MaskUnit;
import org.refvlm.api.RgbImage;
import org.refvlm.api.VisualPrompt;
import org.refvlm.core.vision.PromptRasterizer;
import org.refvlm.spi.support.MaskDecoding;
import org.refvlm.spi.support.MaskGrid;

/**
 * The reference centres a picture in its padded square ({@code (side - short) / 2} on the short
 * axis); every mapping between the square and the picture must then carry that offset: boxes,
 * the square's pixels, mask targets and decoded masks, and visual prompts.
 */
class CentredFrameTest {

    /** A 50 x 70 portrait: side 70, 10 square pixels of padding on the left. */
    private static final ImageFrame PORTRAIT = ImageFrame.centred(50, 70);

    @Test
    void offsetsAreHalfThePaddingOnTheShortAxis() {
        assertThat(PORTRAIT.offsetX()).isEqualTo(10);
        assertThat(PORTRAIT.offsetY()).isZero();
        assertThat(ImageFrame.centred(71, 40).offsetY()).isEqualTo(15);   // (71 - 40) / 2, truncated
        assertThat(new ImageFrame(50, 70).offsetX()).isZero();
    }

    @Test
    void boxesMapThroughTheOffsetBothWays() {
        BoxUnit box = new BoxUnit(5, 14, 25, 42, BoxUnit.NO_SCORE);
        float[] n = PORTRAIT.normalisedBox(box);
        assertThat(n[0]).isCloseTo((15f + 10f) / 70f, within(1e-6f));       // centre x in the square
        assertThat(n[1]).isCloseTo(28f / 70f, within(1e-6f));
        BoxUnit back = PORTRAIT.pixelBox(n[0], n[1], n[2], n[3], BoxUnit.NO_SCORE);
        assertThat(back.x0()).isCloseTo(5, within(1e-4));
        assertThat(back.x1()).isCloseTo(25, within(1e-4));
        assertThat(back.y1()).isCloseTo(42, within(1e-4));
    }

    @Test
    void theSquareHasThePictureInItsMiddle() {
        byte[] rgb = new byte[50 * 70 * 3];
        java.util.Arrays.fill(rgb, (byte) 255);
        try (NDManager m = NDManager.newBaseManager()) {
            float[] square = new DecoderImage(new RgbImage(50, 70, rgb), true).paddedSquare(m, 70).toFloatArray();
            assertThat(square[0]).isCloseTo(DecoderImage.fill()[0], within(1e-6f));   // padding at (0, 0)
            assertThat(square[10]).isEqualTo(1f);                                       // the picture starts at x = 10
            assertThat(square[59]).isEqualTo(1f);
            assertThat(square[60]).isCloseTo(DecoderImage.fill()[0], within(1e-6f));
        }
    }

    @Test
    void maskTargetsAndDecodedMasksCarryTheOffset() {
        boolean[] pixels = new boolean[50 * 70];
        for (int y = 20; y < 40; y++) {
            for (int x = 0; x < 10; x++) {
                pixels[y * 50 + x] = true;                                              // the picture's left edge
            }
        }
        CocoRle mask = CocoRle.encode(pixels, 70, 50);
        float[] grid = MaskGrid.nearest(mask, PORTRAIT, 70, 70);                        // the square's own pixels
        assertThat(grid[30 * 70 + 12]).isEqualTo(1f);
        assertThat(grid[30 * 70 + 2]).isZero();                                         // padding, not the picture
        float[] valid = MaskGrid.nearestValid(PORTRAIT, 70, 70);
        assertThat(valid[0]).isZero();
        assertThat(valid[10]).isEqualTo(1f);
        try (NDManager m = NDManager.newBaseManager()) {
            float[] logits = new float[70 * 70];
            for (int i = 0; i < logits.length; i++) {
                logits[i] = grid[i] > 0 ? 10f : -10f;
            }
            List<MaskUnit> decoded = MaskDecoding.toMasks(m.create(logits, new Shape(1, 70, 70)), PORTRAIT, 0);
            assertThat(decoded.get(0).mask().decode()).isEqualTo(pixels);
        }
    }

    @Test
    void visualPromptsLandOnThePictureInTheSquare() {
        PromptRasterizer raster = new PromptRasterizer(70, 2, 1);
        boolean[] m = raster.rasterize(new VisualPrompt.Box(0, 0, 5, 5), PORTRAIT);
        assertThat(m[2 * 70 + 12]).isTrue();
        assertThat(m[2 * 70 + 2]).isFalse();
    }
}
