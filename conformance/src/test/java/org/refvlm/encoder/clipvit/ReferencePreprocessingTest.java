package org.refvlm.encoder.clipvit;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import java.awt.image.BufferedImage;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.refvlm.api.RgbImage;
import org.refvlm.core.pipeline.ImageInputs;
import org.refvlm.core.pipeline.Preprocessing;
import org.refvlm.spi.DecoderImage;

/**
 * The platform's reference preprocessing ({@link Preprocessing#REFERENCE}) is what REF-VLM's
 * reference feeds CLIP: the picture centred in a square padded with {@code int(255 * mean)}
 * (expand2square), then transformers' CLIPImageProcessor, here {@link ClipImageProcessor}, which
 * ClipImageProcessorGoldenTest holds to transformers' own numbers.
 */
class ReferencePreprocessingTest {

    @Test
    void centredSquareThroughClipsProcessorForPortraitAndLandscape() {
        Random random = new Random(5);
        for (int[] size : new int[][] {{50, 70}, {71, 40}, {64, 64}}) {
            int w = size[0], h = size[1];
            byte[] rgb = new byte[w * h * 3];
            random.nextBytes(rgb);
            DecoderImage picture = new DecoderImage(new RgbImage(w, h, rgb), true);
            int[][] planes = picture.paddedSquare8Bit();
            int side = picture.frame().side();
            BufferedImage square = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
            for (int i = 0; i < side * side; i++) {
                square.setRGB(i % side, i / side, planes[0][i] << 16 | planes[1][i] << 8 | planes[2][i]);
            }
            if (w != h) {
                // expand2square pads with int(255 * mean): 122, 116, 104
                assertThat(new int[] {planes[0][0], planes[1][0], planes[2][0]}).containsExactly(122, 116, 104);
            }
            float[] expected = new ClipImageProcessor(ClipImageProcessorConfig.clip(48)).process(square);
            try (NDManager m = NDManager.newBaseManager()) {
                float[] actual = ImageInputs.pixels(picture, 48, Preprocessing.REFERENCE, m).toFloatArray();
                assertThat(actual).as("%dx%d", w, h).containsExactly(expected);
            }
        }
    }
}
