package org.refvlm.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RgbImageTest {

    @TempDir
    Path dir;

    @Test
    void missingFileIsNamed() {
        Path missing = dir.resolve("nowhere/picture.png");
        assertThatThrownBy(() -> RgbImage.read(missing)).isInstanceOf(IOException.class)
                .hasMessage(missing + ": no such file");
    }

    @Test
    void folderAndNonPictureAreNamed() throws IOException {
        assertThatThrownBy(() -> RgbImage.read(dir)).hasMessage(dir + ": is a folder, not a picture");
        Path text = Files.writeString(dir.resolve("notes.png"), "not a picture");
        assertThatThrownBy(() -> RgbImage.read(text))
                .hasMessage(text + ": not a picture this platform can read (PNG, JPEG, BMP, GIF)");
    }

    @Test
    void aHeaderClaimingFiftyThousandSquaredPixelsIsRefusedBeforeDecoding() throws IOException {
        Path huge = Files.write(dir.resolve("huge.png"), TestImages.png(50_000, 50_000, 2));
        // decoding first could not end in this message: 2.5 billion pixels fit in no Java array
        assertThatThrownBy(() -> RgbImage.read(huge))
                .hasMessage(huge + ": the picture is 50000x50000 pixels; at most 40000000 pixels are read");
    }

    @Test
    void truncatedPictureIsNamedWithItsFormat() throws IOException {
        BufferedImage img = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 48; y++) {
            for (int x = 0; x < 64; x++) {
                img.setRGB(x, y, x * 4 << 16 | y * 5);
            }
        }
        Path whole = dir.resolve("whole.png");
        ImageIO.write(img, "png", whole.toFile());
        byte[] bytes = Files.readAllBytes(whole);
        Path cut = Files.write(dir.resolve("cut.png"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
        assertThatThrownBy(() -> RgbImage.read(cut)).isInstanceOf(IOException.class)
                .hasMessageStartingWith(cut + ": cannot decode the png picture");
        assertThat(RgbImage.read(whole).width()).isEqualTo(64);
    }
}
