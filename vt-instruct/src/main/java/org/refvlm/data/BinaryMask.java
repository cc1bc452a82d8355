package org.refvlm.data;

import java.util.Objects;
import org.refvlm.api.CocoRle;

/**
 * A decoded binary mask, row-major (index = y * width + x). Kept separate from {@link CocoRle} because the
 * synthetic renderer and the polygon rasteriser work on pixels while files store run lengths.
 */
public record BinaryMask(int width, int height, boolean[] pixels) {
    public BinaryMask {
        Objects.requireNonNull(pixels, "pixels");
        if (width < 0 || height < 0 || pixels.length != (long) width * height) {
            throw new IllegalArgumentException("mask " + width + "x" + height + " has " + pixels.length + " pixels");
        }
    }

    public static BinaryMask empty(int width, int height) {
        return new BinaryMask(width, height, new boolean[width * height]);
    }

    /** The pixels of a run-length encoded mask. */
    public static BinaryMask of(CocoRle rle) {
        return new BinaryMask(rle.width(), rle.height(), rle.decode());
    }

    /** This mask in COCO's run-length encoding. */
    public CocoRle toRle() {
        return CocoRle.encode(pixels, height, width);
    }

    /**
     * This mask in COCO's run-length encoding, reading only the window {@code [x0, x1) x [y0, y1)}: for a mask
     * known to be empty outside it (see {@link CocoRle#encode(boolean[], int, int, int, int, int, int)}).
     */
    public CocoRle toRle(int x0, int y0, int x1, int y1) {
        return CocoRle.encode(pixels, height, width, x0, y0, x1, y1);
    }

    public boolean get(int x, int y) {
        return x >= 0 && y >= 0 && x < width && y < height && pixels[y * width + x];
    }

    public int area() {
        int n = 0;
        for (boolean p : pixels) {
            if (p) {
                n++;
            }
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BinaryMask m && m.width == width && m.height == height
                && java.util.Arrays.equals(m.pixels, pixels);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * width + height) + java.util.Arrays.hashCode(pixels);
    }

    @Override
    public String toString() {
        return "BinaryMask[" + width + "x" + height + ", area=" + area() + "]";
    }
}
