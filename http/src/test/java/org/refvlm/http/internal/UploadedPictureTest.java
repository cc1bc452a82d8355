package org.refvlm.http.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.refvlm.api.RgbImage;

class UploadedPictureTest {

    private static byte[] png(int w, int h) throws Exception {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        image.setRGB(1, 2, 0x00ff8000);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    @Test
    void decodesAPicture() throws Exception {
        RgbImage image = UploadedPicture.decode(png(5, 4), 100);
        assertThat(image.width()).isEqualTo(5);
        assertThat(image.height()).isEqualTo(4);
        int o = (2 * 5 + 1) * 3;
        assertThat(Arrays.copyOfRange(image.rgb(), o, o + 3)).containsExactly((byte) 0xff, (byte) 0x80, (byte) 0);
    }

    @Test
    void refusesTooManyPixelsBeforeDecoding() throws Exception {
        assertThatThrownBy(() -> UploadedPicture.decode(png(20, 10), 199)).isInstanceOfSatisfying(ApiError.class, e -> {
            assertThat(e.status()).isEqualTo(413);
            assertThat(e.getMessage()).contains("20x10 (200 pixels); at most 199");
        });
    }

    @Test
    void namesWhatIsNotAPicture() {
        assertThatThrownBy(() -> UploadedPicture.decode("hello".getBytes(StandardCharsets.UTF_8), 100))
                .isInstanceOfSatisfying(ApiError.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.getMessage()).contains("not a picture");
                });
    }

    @Test
    void namesATruncatedPicture() throws Exception {
        byte[] whole = png(30, 30);
        byte[] cut = Arrays.copyOf(whole, whole.length / 2);
        assertThatThrownBy(() -> UploadedPicture.decode(cut, 10_000)).isInstanceOfSatisfying(ApiError.class,
                e -> assertThat(e.status()).isEqualTo(400));
    }
}
