package org.refvlm.core.pipeline;

import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.refvlm.api.DepthMap;

/**
 * A depth map as the datasets store depth: a 16-bit grey PNG of the original image's size whose
 * value is the depth in millimetres ({@link #UNITS_PER_METRE} per metre), 0 where it is unknown.
 * Depths beyond 65.535 m are written as 65535; non-finite and non-positive ones as 0.
 */
public final class DepthPng {

    /** Stored units per metre: millimetres, as the synthetic data and NYU's PNGs use. */
    public static final int UNITS_PER_METRE = 1000;

    private DepthPng() {
    }

    /** The map as a 16-bit grey picture. */
    public static BufferedImage image(DepthMap depth) {
        BufferedImage image = new BufferedImage(depth.width(), depth.height(), BufferedImage.TYPE_USHORT_GRAY);
        WritableRaster raster = image.getRaster();
        for (int y = 0; y < depth.height(); y++) {
            for (int x = 0; x < depth.width(); x++) {
                raster.setSample(x, y, 0, stored(depth.at(x, y)));
            }
        }
        return image;
    }

    /** Writes the map to {@code file} as a PNG. */
    public static void write(DepthMap depth, Path file) throws IOException {
        if (!ImageIO.write(image(depth), "png", file.toFile())) {
            throw new IOException("no PNG writer for a 16-bit grey picture, so " + file + " was not written");
        }
    }

    static int stored(float metres) {
        if (!(metres > 0) || Float.isNaN(metres)) {
            return 0;
        }
        return (int) Math.min(65535, Math.round(metres * (double) UNITS_PER_METRE));
    }

    /**
     * The stored values of a 16-bit depth PNG, row-major (0 = unknown); the caller divides by its
     * units per metre, so the data's own scale is kept, not this class's.
     */
    public record Stored(int width, int height, int[] values) {
    }

    /** Reads a depth PNG's first band as stored. */
    public static Stored read(Path file) throws IOException {
        BufferedImage img = ImageIO.read(file.toFile());
        if (img == null) {
            throw new IOException("not a picture ImageIO reads");
        }
        int w = img.getWidth(), h = img.getHeight();
        return new Stored(w, h, img.getRaster().getSamples(0, 0, w, h, 0, new int[w * h]));
    }
}
