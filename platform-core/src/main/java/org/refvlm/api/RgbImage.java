package org.refvlm.api;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.util.Arrays;

/**
 * An 8-bit RGB image, row-major, interleaved: {@code rgb[(y * width + x) * 3 + c]}.
 */
public record RgbImage(int width, int height, byte[] rgb) {

    public RgbImage {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image size must be positive, got " + width + "x" + height);
        }
        if (rgb.length != width * height * 3) {
            throw new IllegalArgumentException("an RGB image of " + width + "x" + height + " needs "
                    + (width * height * 3) + " bytes, got " + rgb.length);
        }
    }

    /**
     * The largest picture {@link #read} decodes, in pixels (e.g. 8000 x 5000): its header is read
     * first, so a file that claims more is refused before any pixel memory is allocated. A decoded
     * picture costs about 7 bytes per pixel (ImageIO's buffer plus this record's RGB bytes), so
     * this bounds one request's picture to about 280 MB.
     */
    public static final long MAX_PIXELS = 40_000_000L;

    /**
     * Reads a picture file (PNG, JPEG, BMP, GIF: what ImageIO reads) of at most {@link #MAX_PIXELS}.
     *
     * @throws IOException naming the file and the problem: missing, a folder, not a picture,
     *         too large, truncated or corrupt
     */
    public static RgbImage read(Path file) throws IOException {
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString(), null, "no such file");
        }
        if (Files.isDirectory(file)) {
            throw new IOException(file + ": is a folder, not a picture");
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            if (in == null) {
                throw new IOException(file + ": cannot be opened for reading");
            }
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new IOException(file + ": not a picture this platform can read (PNG, JPEG, BMP, GIF)");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                long width = reader.getWidth(0);
                long height = reader.getHeight(0);
                if (width * height > MAX_PIXELS) {
                    throw new IOException(file + ": the picture is " + width + "x" + height + " pixels; at most "
                            + MAX_PIXELS + " pixels are read");
                }
                return of(reader.read(0));
            } catch (IOException | RuntimeException e) {
                if (e.getMessage() != null && e.getMessage().startsWith(file.toString())) {
                    throw e;
                }
                // ImageIO's decoders report truncated or corrupt data as IIOException or as
                // runtime exceptions from deep inside; either way the file is not a usable picture.
                throw new IOException(file + ": cannot decode the " + reader.getFormatName() + " picture ("
                        + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")", e);
            } finally {
                reader.dispose();
            }
        }
    }

    public static RgbImage of(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        byte[] rgb = new byte[w * h * 3];
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            image.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                int p = row[x];
                int o = (y * w + x) * 3;
                rgb[o] = (byte) (p >> 16);
                rgb[o + 1] = (byte) (p >> 8);
                rgb[o + 2] = (byte) p;
            }
        }
        return new RgbImage(w, h, rgb);
    }

    public BufferedImage toBufferedImage() {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int o = (y * width + x) * 3;
                image.setRGB(x, y, (rgb[o] & 0xff) << 16 | (rgb[o + 1] & 0xff) << 8 | (rgb[o + 2] & 0xff));
            }
        }
        return image;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RgbImage r && r.width == width && r.height == height && Arrays.equals(r.rgb, rgb);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * width + height) + Arrays.hashCode(rgb);
    }

    @Override
    public String toString() {
        return "RgbImage[" + width + "x" + height + "]";
    }
}
