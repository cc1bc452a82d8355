package org.refvlm.spi.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.refvlm.api.CocoRle;
import org.refvlm.api.MaskUnit;
import org.refvlm.spi.ImageFrame;

/** Mask targets on a decoder's grid and mask logits back to RLE, against values worked out by hand. */
class MaskGridTest {

    private NDManager manager;

    @BeforeEach
    void setUp() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void tearDown() {
        manager.close();
    }

    @Test
    void decodingCropsThePaddingOfTheSquare() {
        // image 8 wide, 4 high: the square is 8x8, the image is its top half. Logits on a 4x4 grid:
        // positive in grid row 0 (image rows 0-1) and in grid row 3 (padding, rows 6-7)
        float[] logits = new float[16];
        for (int x = 0; x < 4; x++) {
            logits[x] = 10;
            logits[4 + x] = -10;
            logits[8 + x] = -10;
            logits[12 + x] = 10;
        }
        ImageFrame frame = new ImageFrame(8, 4);
        List<MaskUnit> masks = MaskDecoding.toMasks(manager.create(logits, new Shape(1, 4, 4)), frame, 0);
        CocoRle rle = masks.get(0).mask();
        assertThat(rle.height()).isEqualTo(4);
        assertThat(rle.width()).isEqualTo(8);
        boolean[] m = rle.decode();
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 8; x++) {
                // bilinear between +10 (row 0) and -10 (row 1) crosses zero halfway: rows 0-1 set
                assertThat(m[y * 8 + x]).as("(%d, %d)", x, y).isEqualTo(y < 2);
            }
        }
        assertThat(masks.get(0).score()).isGreaterThan(0.9);
    }

    @Test
    void aLowerThresholdTakesInMoreOfTheEdge() {
        // 8x8 image, 4x4 logits whose rows are 10, -1, -10, -10: pixel rows 0-3 read them at grid
        // rows -0.25 (clamped to 0), 0.25, 0.75, 1.25, i.e. 10, 7.25, 1.75, -3.25; row 4 reads -7.75
        float[] logits = new float[16];
        float[] rows = {10, -1, -10, -10};
        for (int i = 0; i < 16; i++) {
            logits[i] = rows[i / 4];
        }
        ImageFrame frame = new ImageFrame(8, 8);
        NDArray x = manager.create(logits, new Shape(1, 4, 4));
        assertThat(rowsSet(MaskDecoding.toMasks(x, frame, 0).get(0).mask().decode(), 8)).containsExactly(0, 1, 2);
        assertThat(rowsSet(MaskDecoding.toMasks(x, frame, -5).get(0).mask().decode(), 8)).containsExactly(0, 1, 2, 3);
    }

    private static List<Integer> rowsSet(boolean[] mask, int width) {
        List<Integer> rows = new ArrayList<>();
        for (int y = 0; y < mask.length / width; y++) {
            boolean all = true;
            for (int x = 0; x < width; x++) {
                all &= mask[y * width + x];
            }
            if (all) {
                rows.add(y);
            } else {
                for (int x = 0; x < width; x++) {
                    assertThat(mask[y * width + x]).as("row %d is all or nothing", y).isFalse();
                }
            }
        }
        return rows;
    }

    @Test
    void targetsAreRasterisedOnTheSquareAndSampledToTheGrid() {
        ImageFrame frame = new ImageFrame(4, 2);                  // square 4x4, image = top 2 rows
        boolean[] pixels = {true, true, false, false, true, true, false, false};
        CocoRle rle = CocoRle.encode(pixels, 2, 4);
        // 2x2 grid: cell (y, x) samples square pixel (2y, 2x)
        assertThat(MaskGrid.nearest(rle, frame, 2, 2)).containsExactly(1, 0, 0, 0);
        assertThat(MaskGrid.nearestValid(frame, 2, 2)).containsExactly(1, 1, 0, 0);
        assertThat(MaskGrid.nearestValid(frame, 4, 4)).containsExactly(1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    @Test
    void coverageTargetsAreEachCellsShareOfTheMask() {
        ImageFrame frame = new ImageFrame(6, 3);                  // square 6x6, image = top 3 rows
        boolean[] pixels = new boolean[18];
        for (int x = 0; x < 4; x++) {                             // rows 0-1, columns 0-3
            pixels[x] = true;
            pixels[6 + x] = true;
        }
        CocoRle rle = CocoRle.encode(pixels, 3, 6);
        // 2x2 grid of 3x3 cells: 6 of cell (0, 0)'s 9 pixels, 2 of cell (0, 1)'s; cells all padding: 0
        assertThat(MaskGrid.coverage(rle, frame, 2, 2))
                .containsExactly(new float[] {6 / 9f, 2 / 9f, 0, 0}, within(1e-6f));
        // the second grid row is all padding
        assertThat(MaskGrid.coverageValid(frame, 2, 2)).containsExactly(1, 1, 0, 0);
        // 4 cells on 6 pixels: a pixel belongs to the cell its centre falls in, rows per cell 1, 2, 1, 2
        float[] fine = MaskGrid.coverage(rle, frame, 4, 4);
        assertThat(fine[0]).isEqualTo(1f);                        // pixel (0, 0)
        assertThat(fine[4 + 1]).isEqualTo(2f / 4);                // rows 1-2 x columns 1-2: row 1's two
        assertThat(fine[4 + 2]).isEqualTo(1f / 2);                // rows 1-2 x column 3: pixel (1, 3)
        assertThat(fine[8]).isEqualTo(0f);                        // row 3: padding
        assertThat(MaskGrid.coverageValid(frame, 4, 4)).containsExactly(1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0);

        // image 6x5: the second grid row (square rows 3-5) is cut by the image's edge after row 4;
        // a mask filling rows 3-4 fills all of that cell that decoding will read
        ImageFrame cut = new ImageFrame(6, 5);
        boolean[] bottom = new boolean[30];
        for (int i = 18; i < 30; i++) {
            bottom[i] = true;
        }
        assertThat(MaskGrid.coverage(CocoRle.encode(bottom, 5, 6), cut, 2, 2)).containsExactly(0, 0, 1, 1);
        assertThat(MaskGrid.coverageValid(cut, 2, 2)).containsExactly(1, 1, 1, 1);
    }

    @Test
    void perfectlyFittedCoverageTargetsDecodeBackToTheMaskWhereNearestOnesShiftIt() {
        // a 16-pixel image on a 4x4 grid of 4-pixel cells; the mask is the square [2, 10) x [2, 10)
        int side = 16, grid = 4;
        ImageFrame frame = new ImageFrame(side, side);
        boolean[] pixels = new boolean[side * side];
        for (int y = 2; y < 10; y++) {
            for (int x = 2; x < 10; x++) {
                pixels[y * side + x] = true;
            }
        }
        CocoRle rle = CocoRle.encode(pixels, side, side);
        boolean[] fromCoverage = decodeFitted(MaskGrid.coverage(rle, frame, grid, grid), frame);
        boolean[] fromNearest = decodeFitted(MaskGrid.nearest(rle, frame, grid, grid), frame);
        // a 4x4 grid rounds the corners off, but only coverage targets keep the square where it is:
        // nearest ones sample each cell's top-left pixel (0, 4, 8, 12) and decode as [4, 12) x [4, 12)
        assertThat(centroid(fromCoverage, side)).containsExactly(new double[] {5.5, 5.5}, within(1e-9));
        assertThat(centroid(fromNearest, side)).containsExactly(new double[] {7.5, 7.5}, within(1e-9));
        assertThat(iou(fromCoverage, pixels)).isGreaterThan(0.6).isGreaterThan(iou(fromNearest, pixels) + 0.2);
    }

    private static double[] centroid(boolean[] mask, int side) {
        double x = 0, y = 0;
        int n = 0;
        for (int i = 0; i < mask.length; i++) {
            if (mask[i]) {
                x += i % side;
                y += i / side;
                n++;
            }
        }
        return new double[] {x / n, y / n};
    }

    private static double iou(boolean[] a, boolean[] b) {
        int intersection = 0, union = 0;
        for (int i = 0; i < a.length; i++) {
            intersection += a[i] && b[i] ? 1 : 0;
            union += a[i] || b[i] ? 1 : 0;
        }
        return (double) intersection / union;
    }

    /** The mask decoded from logits that a network fitting {@code target} perfectly would give. */
    private boolean[] decodeFitted(float[] target, ImageFrame frame) {
        float[] logits = new float[target.length];
        for (int i = 0; i < target.length; i++) {
            logits[i] = 20 * (target[i] - 0.5f);                  // the sign of p - 0.5, scaled
        }
        int grid = (int) Math.sqrt(target.length);
        return MaskDecoding.toMasks(manager.create(logits, new Shape(1, grid, grid)), frame, 0).get(0).mask().decode();
    }
}
