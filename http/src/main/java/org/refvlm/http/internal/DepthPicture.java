package org.refvlm.http.internal;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import javax.imageio.ImageIO;
import org.refvlm.api.DepthMap;

/**
 * A depth map as a picture for people: grey levels from white (nearest) to black (farthest)
 * between the map's own minimum and maximum, as a PNG data URL the page shows beside the picture.
 * The JSON keeps the map's range, so the grey levels can be read back to metres.
 */
final class DepthPicture {

    private DepthPicture() {
    }

    static String dataUrl(DepthMap depth) {
        float min = Float.POSITIVE_INFINITY, max = Float.NEGATIVE_INFINITY;
        for (float v : depth.values()) {
            if (Float.isFinite(v)) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        float range = max > min ? max - min : 1;
        BufferedImage image = new BufferedImage(depth.width(), depth.height(), BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < depth.height(); y++) {
            for (int x = 0; x < depth.width(); x++) {
                float v = depth.at(x, y);
                int grey = Float.isFinite(v) ? Math.round(255 * (max - v) / range) : 0;
                image.getRaster().setSample(x, y, 0, grey);
            }
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(png.toByteArray());
    }
}
