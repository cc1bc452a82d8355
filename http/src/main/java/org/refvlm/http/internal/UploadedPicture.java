package org.refvlm.http.internal;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.refvlm.api.RgbImage;

/**
 * An uploaded picture, decoded only after its header has shown it is a picture of an allowed
 * size: a small file can claim 50000 x 50000 pixels, and decoding that would take gigabytes.
 */
final class UploadedPicture {

    private UploadedPicture() {
    }

    /** @throws ApiError 400 when the bytes are not a picture ImageIO reads, 413 when it has too many pixels */
    static RgbImage decode(byte[] bytes, long maxPixels) throws ApiError {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                throw ApiError.badRequest("image is not a picture this server reads (PNG, JPEG, GIF or BMP)");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
                if (pixels > maxPixels) {
                    throw new ApiError(413, "image is " + reader.getWidth(0) + "x" + reader.getHeight(0) + " ("
                            + pixels + " pixels); at most " + maxPixels + " are allowed");
                }
                BufferedImage image = reader.read(0);
                return RgbImage.of(image);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            throw ApiError.badRequest("image cannot be read: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
        }
    }
}
