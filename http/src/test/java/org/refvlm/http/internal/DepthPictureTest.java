package org.refvlm.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Base64;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.refvlm.api.DepthMap;

class DepthPictureTest {

    @Test
    void nearIsWhiteFarIsBlackBetweenTheMapsOwnRange() throws Exception {
        DepthMap depth = new DepthMap(3, 2, new float[] {1, 2, 3, 2, Float.NaN, 1.5f});
        String url = DepthPicture.dataUrl(depth);
        assertThat(url).startsWith("data:image/png;base64,");
        BufferedImage png = ImageIO.read(new ByteArrayInputStream(
                Base64.getDecoder().decode(url.substring("data:image/png;base64,".length()))));
        assertThat(png.getWidth()).isEqualTo(3);
        assertThat(png.getHeight()).isEqualTo(2);
        assertThat(png.getRaster().getSample(0, 0, 0)).isEqualTo(255);   // 1 m, the nearest
        assertThat(png.getRaster().getSample(1, 0, 0)).isEqualTo(128);   // halfway
        assertThat(png.getRaster().getSample(2, 0, 0)).isEqualTo(0);     // 3 m, the farthest
        assertThat(png.getRaster().getSample(1, 1, 0)).isEqualTo(0);     // no depth
    }

    @Test
    void aFlatMapIsOneGrey() throws Exception {
        String url = DepthPicture.dataUrl(new DepthMap(2, 1, new float[] {4, 4}));
        BufferedImage png = ImageIO.read(new ByteArrayInputStream(
                Base64.getDecoder().decode(url.substring("data:image/png;base64,".length()))));
        assertThat(png.getRaster().getSample(0, 0, 0)).isEqualTo(png.getRaster().getSample(1, 0, 0));
    }
}
