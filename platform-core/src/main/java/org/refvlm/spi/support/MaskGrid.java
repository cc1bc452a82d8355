package org.refvlm.spi.support;

import org.refvlm.api.CocoRle;
import org.refvlm.nn.Resize;
import org.refvlm.spi.ImageFrame;

/**
 * COCO RLE targets rasterised onto a decoder's {@code h x w} grid of the padded square, and which
 * cells of that grid belong to the real image. A target (original image pixels) is placed where its
 * frame puts it in the padded square (top-left or centred), which is then brought to the grid in one of two ways:
 * <ul>
 * <li>{@link #nearest} (the reference): each cell takes the square pixel that PyTorch's
 * nearest resizing reads, its top-left one; the cell is valid when that pixel lies inside the
 * real image;</li>
 * <li>{@link #coverage}: each cell takes the share of its real-image pixels inside the mask;
 * it is valid when it has any.</li>
 * </ul>
 * Decoding resizes logits bilinearly, which puts a cell's value at the cell's centre. Nearest
 * targets put it at the cell's top-left corner instead, so a network fitting them perfectly
 * decodes masks shifted by half a cell right and down: under a pixel at the reference's 128
 * cells on 336 pixels, but 3.5 pixels at 32 cells on 256, which caps the cumulative IoU of perfect
 * logits at 0.74 on the synthetic test masks (coverage targets: 0.93).
 */
public final class MaskGrid {

    private MaskGrid() {
    }

    /** Row-major {@code [h * w]}: 1 where the cell samples the real image, 0 on padding. */
    public static float[] nearestValid(ImageFrame frame, int h, int w) {
        int side = frame.side();
        float[] valid = new float[h * w];
        for (int y = 0; y < h; y++) {
            boolean rowInside = inside(Resize.nearestSource(y, side, h) - frame.offsetY(), frame.height());
            for (int x = 0; x < w; x++) {
                if (rowInside && inside(Resize.nearestSource(x, side, w) - frame.offsetX(), frame.width())) {
                    valid[y * w + x] = 1f;
                }
            }
        }
        return valid;
    }

    /** Row-major {@code [h * w]} 0/1 target on the grid. */
    public static float[] nearest(CocoRle mask, ImageFrame frame, int h, int w) {
        checkSize(mask, frame);
        boolean[] pixels = mask.decode();
        int side = frame.side();
        float[] out = new float[h * w];
        for (int y = 0; y < h; y++) {
            int sy = Resize.nearestSource(y, side, h) - frame.offsetY();
            if (!inside(sy, frame.height())) {
                continue;
            }
            for (int x = 0; x < w; x++) {
                int sx = Resize.nearestSource(x, side, w) - frame.offsetX();
                if (inside(sx, frame.width()) && pixels[sy * frame.width() + sx]) {
                    out[y * w + x] = 1f;
                }
            }
        }
        return out;
    }

    /**
     * Row-major {@code [h * w]}: 1 where at least one of the cell's square pixels (by their
     * centres, as in {@link #coverage}) lies in the real image, 0 for cells of padding only.
     * Decoding's bilinear resize reads every such cell for the image pixels near it.
     */
    public static float[] coverageValid(ImageFrame frame, int h, int w) {
        int side = frame.side();
        int[] rowCell = cellOfPixel(side, h), columnCell = cellOfPixel(side, w);
        int firstRow = rowCell[frame.offsetY()], lastRow = rowCell[frame.offsetY() + frame.height() - 1];
        int firstColumn = columnCell[frame.offsetX()], lastColumn = columnCell[frame.offsetX() + frame.width() - 1];
        float[] valid = new float[h * w];
        for (int y = firstRow; y <= lastRow; y++) {
            for (int x = firstColumn; x <= lastColumn; x++) {
                valid[y * w + x] = 1f;
            }
        }
        return valid;
    }

    /**
     * Row-major {@code [h * w]} soft target: the share of each cell's real-image pixels that lie
     * in the mask (a square pixel belongs to the cell its centre falls in). Padding pixels do not
     * count: decoding never reads them, so a cell cut by the image's edge is judged by its part
     * inside; a cell all padding gets 0.
     */
    public static float[] coverage(CocoRle mask, ImageFrame frame, int h, int w) {
        checkSize(mask, frame);
        boolean[] pixels = mask.decode();
        int side = frame.side();
        int[] rowCell = cellOfPixel(side, h), columnCell = cellOfPixel(side, w);
        int[] rowsPerCell = new int[h], columnsPerCell = new int[w];                       // real-image pixels only
        int top = frame.offsetY(), left = frame.offsetX();
        for (int y = 0; y < frame.height(); y++) {
            rowsPerCell[rowCell[top + y]]++;
        }
        for (int x = 0; x < frame.width(); x++) {
            columnsPerCell[columnCell[left + x]]++;
        }
        float[] inside = new float[h * w];
        for (int y = 0; y < frame.height(); y++) {
            for (int x = 0; x < frame.width(); x++) {
                if (pixels[y * frame.width() + x]) {
                    inside[rowCell[top + y] * w + columnCell[left + x]]++;
                }
            }
        }
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int cellPixels = rowsPerCell[y] * columnsPerCell[x];
                inside[y * w + x] = cellPixels == 0 ? 0f : inside[y * w + x] / cellPixels;
            }
        }
        return inside;
    }

    private static boolean inside(int pixel, int limit) {
        return pixel >= 0 && pixel < limit;
    }

    /** For each of {@code side} square pixels, the cell of {@code cells} its centre falls in. */
    private static int[] cellOfPixel(int side, int cells) {
        int[] cell = new int[side];
        for (int j = 0; j < side; j++) {
            cell[j] = Math.min((int) Math.floor((j + 0.5) * cells / side), cells - 1);
        }
        return cell;
    }

    private static void checkSize(CocoRle mask, ImageFrame frame) {
        if (mask.height() != frame.height() || mask.width() != frame.width()) {
            throw new IllegalArgumentException("target mask is " + mask.width() + "x" + mask.height()
                    + " but its image is " + frame.width() + "x" + frame.height());
        }
    }
}
