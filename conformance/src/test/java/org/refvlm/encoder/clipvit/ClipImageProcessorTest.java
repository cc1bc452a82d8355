package org.refvlm.encoder.clipvit;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;
import org.refvlm.nn.AntialiasedBicubic;

class ClipImageProcessorTest {

    @Test
    void constantImageStaysConstantAtAnyScale() {
        int[] src = new int[37 * 53];
        java.util.Arrays.fill(src, 91);
        for (int[] size : new int[][] {{20, 30}, {37, 53}, {80, 100}}) {
            assertThat(AntialiasedBicubic.resizeUint8(src, 37, 53, size[0], size[1])).containsOnly(91);
            float[] f = new float[src.length];
            java.util.Arrays.fill(f, 91f);
            for (float v : AntialiasedBicubic.resize(f, 37, 53, size[0], size[1])) {
                assertThat(v).isCloseTo(91f, org.assertj.core.api.Assertions.within(1e-3f));
            }
        }
    }

    @Test
    void shortestEdgeResizeAndCentreCropGiveTheCropShape() {
        BufferedImage portrait = new BufferedImage(30, 70, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 70; y++) {
            for (int x = 0; x < 30; x++) {
                portrait.setRGB(x, y, (x * 8) << 16 | (y * 3) << 8 | 128);
            }
        }
        ClipImageProcessor p = new ClipImageProcessor(ClipImageProcessorConfig.clip(24));
        float[] out = p.process(portrait);
        assertThat(out).hasSize(3 * 24 * 24);
        // Blue is constant 128 everywhere.
        float blue = (128f - 0.40821073f * 255f) / (0.27577711f * 255f);
        for (int i = 2 * 576; i < 3 * 576; i++) {
            assertThat(out[i]).isCloseTo(blue, org.assertj.core.api.Assertions.within(1e-5f));
        }
    }

    @Test
    void greyImagesAreReadWithoutColourManagement() {
        BufferedImage grey = new BufferedImage(4, 4, BufferedImage.TYPE_BYTE_GRAY);
        grey.getRaster().setSample(1, 1, 0, 100);
        int[][] planes = ClipImageProcessor.rgb(grey);
        assertThat(planes[0][5]).isEqualTo(100);
        assertThat(planes[1][5]).isEqualTo(100);
        assertThat(planes[2][5]).isEqualTo(100);
    }
}
