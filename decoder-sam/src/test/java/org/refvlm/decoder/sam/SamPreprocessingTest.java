package org.refvlm.decoder.sam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.refvlm.api.RgbImage;
import org.refvlm.spi.DecoderImage;
import org.refvlm.spi.ImageFrame;

/**
 * SAM's input: the longest side resized to the encoder's side, the image at the top-left (also
 * when the platform centres it), SAM's mean and std, and zeros where SAM pads; only the row at the
 * image's edge may differ from SAM's own resize.
 */
class SamPreprocessingTest {

    @Test
    void wideImageFillsTheTopAndPaddingIsZero() {
        byte[] rgb = new byte[40 * 20 * 3];
        Arrays.fill(rgb, (byte) 255);
        RgbImage white = new RgbImage(40, 20, rgb);
        try (NDManager m = NDManager.newBaseManager()) {
            for (boolean centred : new boolean[] {false, true}) {
                float[] x = SamPreprocessing.pixels(List.of(new DecoderImage(white, centred)), m, 16).toFloatArray();
                assertThat(x).hasSize(3 * 16 * 16);
                float[] expected = {(255 - 123.675f) / 58.395f, (255 - 116.28f) / 57.12f, (255 - 103.53f) / 57.375f};
                for (int c = 0; c < 3; c++) {
                    for (int y = 0; y < 16; y++) {
                        for (int xx = 0; xx < 16; xx++) {
                            float v = x[(c * 16 + y) * 16 + xx];
                            if (y == 7) {
                                // the image's last row: the platform's antialiased resize of the padded
                                // square blends it with the padding (the documented difference from SAM)
                                continue;
                            }
                            if (y < 7) {
                                assertThat(v).as("image c%d y%d x%d", c, y, xx).isCloseTo(expected[c], within(1e-4f));
                            } else {
                                assertThat(v).as("padding c%d y%d x%d", c, y, xx).isZero();
                            }
                        }
                    }
                }
            }
            assertThat(SamPreprocessing.frame(ImageFrame.centred(40, 20))).isEqualTo(new ImageFrame(40, 20));
        }
    }
}
