package org.refvlm.decoder.depth.internal;

import org.refvlm.api.DepthMap;
import org.refvlm.spi.ImageFrame;

/**
 * A true depth map of the original image brought to the decoder's {@code h x w} grid of the padded
 * square, keeping validity right: each original pixel belongs to the cell its centre falls in (where
 * the frame places the image in the square); a pixel is valid when its depth is finite and within
 * {@code [minDepth, maxDepth]} (0, the datasets' "unknown", never is). A cell's target is the
 * geometric mean of its valid pixels' depths, the mean in log space, where the loss compares; a cell
 * with no valid pixel (padding, or a hole in the truth) gets 0, "no target".
 *
 * <p>Not nearest sampling: nearest would take the cell's top-left pixel, so a hole there would drop a
 * cell that has truth, a single valid pixel would stand for the whole cell, and the target would sit
 * half a cell off the centre where decoding's bilinear resize places the cell's value.
 */
public final class DepthGrid {

    private DepthGrid() {
    }

    /**
     * @return row-major {@code [h * w]}: each cell's target depth in metres, 0 where it has none
     * @throws IllegalArgumentException when the map is not of the frame's image size
     */
    public static float[] logAreaMean(DepthMap truth, ImageFrame frame, int h, int w, double minDepth, double maxDepth) {
        if (truth.width() != frame.width() || truth.height() != frame.height()) {
            throw new IllegalArgumentException("the target depth map is " + truth.width() + "x" + truth.height()
                    + " but its image is " + frame.width() + "x" + frame.height()
                    + ": a depth target needs one value per original-image pixel");
        }
        int side = frame.side();
        int[] rowCell = cellOfPixel(side, h), columnCell = cellOfPixel(side, w);
        double[] logSum = new double[h * w];
        int[] count = new int[h * w];
        float[] values = truth.values();
        for (int y = 0; y < frame.height(); y++) {
            int row = rowCell[frame.offsetY() + y] * w;
            for (int x = 0; x < frame.width(); x++) {
                float d = values[y * frame.width() + x];
                if (d >= minDepth && d <= maxDepth) {                                            // false for NaN
                    int cell = row + columnCell[frame.offsetX() + x];
                    logSum[cell] += Math.log(d);
                    count[cell]++;
                }
            }
        }
        float[] out = new float[h * w];
        for (int i = 0; i < out.length; i++) {
            out[i] = count[i] == 0 ? 0f : (float) Math.exp(logSum[i] / count[i]);
        }
        return out;
    }

    /** For each of {@code side} square pixels, the cell of {@code cells} its centre falls in. */
    static int[] cellOfPixel(int side, int cells) {
        int[] cell = new int[side];
        for (int j = 0; j < side; j++) {
            cell[j] = Math.min((int) Math.floor((j + 0.5) * cells / side), cells - 1);
        }
        return cell;
    }
}
