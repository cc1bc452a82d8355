package org.refvlm.data;

import java.util.Arrays;

/**
 * Fills polygons into pixel masks with the even-odd rule, testing each pixel at its centre (x + 0.5, y + 0.5);
 * a centre lying exactly on the polygon's left or top boundary is outside. That matches what pycocotools
 * does for COCO polygons (it rasterises on a 5x upsampled grid, so an odd boundary pixel can still differ;
 * the tests compare against its output).
 */
public final class PolygonRasterizer {
    private PolygonRasterizer() {
    }

    /**
     * Sets (ORs) the pixels inside the polygon in a row-major window of size winW x winH whose top-left pixel
     * is (winX, winY) in image coordinates.
     */
    public static void fill(double[] xs, double[] ys, boolean[] window, int winX, int winY, int winW, int winH) {
        final double offset = 0.5;
        int n = xs.length;
        if (n < 3 || ys.length != n) {
            return;
        }
        double minY = Double.POSITIVE_INFINITY, maxY = Double.NEGATIVE_INFINITY;
        for (double y : ys) {
            minY = Math.min(minY, y);
            maxY = Math.max(maxY, y);
        }
        int rowStart = Math.max(winY, (int) Math.floor(minY - offset));
        int rowEnd = Math.min(winY + winH - 1, (int) Math.ceil(maxY - offset));
        double[] crossings = new double[n];
        for (int row = rowStart; row <= rowEnd; row++) {
            double yc = row + offset;
            int k = 0;
            for (int i = 0, j = n - 1; i < n; j = i++) {
                double yi = ys[i], yj = ys[j];
                // half-open rule so a vertex on the scanline is counted once; a scanline through a top
                // vertex or along a top edge counts as outside
                if ((yi < yc && yj >= yc) || (yj < yc && yi >= yc)) {
                    crossings[k++] = xs[i] + (yc - yi) * (xs[j] - xs[i]) / (yj - yi);
                }
            }
            if (k < 2) {
                continue;
            }
            Arrays.sort(crossings, 0, k);
            int base = (row - winY) * winW;
            for (int c = 0; c + 1 < k; c += 2) {
                int from = Math.max(winX, (int) Math.floor(crossings[c] - offset) + 1);
                int to = Math.min(winX + winW - 1, (int) Math.ceil(crossings[c + 1] - offset) - 1);
                for (int x = from; x <= to; x++) {
                    window[base + x - winX] = true;
                }
            }
        }
    }

    /** Fills a polygon given as COCO's flat list [x0, y0, x1, y1, ...] into a full-image mask, COCO's way. */
    public static void fillFlat(double[] flatXy, BinaryMask mask) {
        int n = flatXy.length / 2;
        double[] xs = new double[n], ys = new double[n];
        for (int i = 0; i < n; i++) {
            xs[i] = flatXy[2 * i];
            ys[i] = flatXy[2 * i + 1];
        }
        fill(xs, ys, mask.pixels(), 0, 0, mask.width(), mask.height());
    }
}
