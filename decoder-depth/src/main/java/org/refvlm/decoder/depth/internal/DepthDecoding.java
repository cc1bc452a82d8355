package org.refvlm.decoder.depth.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import org.refvlm.api.DepthMap;
import org.refvlm.api.DepthUnit;
import org.refvlm.nn.Constants;
import org.refvlm.nn.Resize;
import org.refvlm.spi.ImageFrame;

/**
 * One sample's predicted log depth on the padded square's grid back to depth maps of its original
 * image, as {@code MaskDecoding} does for mask logits: bilinearly resized to the padded square
 * ({@code side x side}), of which only the image's region (where its frame places it) is computed,
 * then exponentiated. Interpolating the log makes the in-between depths geometric means, as the
 * targets' cells are ({@link DepthGrid}).
 *
 * <p>One difference: the image's outermost pixels would interpolate between the last cell that holds
 * image pixels and a cell of padding, which no loss ever constrains. The grid is extended beyond the
 * image's cells by repeating its edge cells instead (the interpolation weights of padding cells are
 * folded onto the nearest image cell), so no decoded pixel reads an untrained value.
 */
public final class DepthDecoding {

    private DepthDecoding() {
    }

    /**
     * @param logDepth [Q, h, w] log depth (metres) of the sample's real queries
     * @return one depth map in metres per query, in order, each {@code frame.width() x frame.height()}
     */
    public static List<DepthUnit> toDepthMaps(NDArray logDepth, ImageFrame frame) {
        int q = (int) logDepth.getShape().get(0);
        List<DepthUnit> out = new ArrayList<>(q);
        if (q == 0) {
            return out;
        }
        int h = (int) logDepth.getShape().get(1), w = (int) logDepth.getShape().get(2);
        int height = frame.height(), width = frame.width();
        NDManager m = logDepth.getManager();
        NDArray rows = Constants.of(m, matrix(h, frame.side(), frame.offsetY(), height), new Shape(height, h));
        NDArray cols = Constants.of(m, matrix(w, frame.side(), frame.offsetX(), width), new Shape(width, w));
        float[] crop = Resize.apply(logDepth, rows, cols).exp().toFloatArray();                   // [Q, height, width]
        int pixels = height * width;
        for (int i = 0; i < q; i++) {
            float[] values = new float[pixels];
            System.arraycopy(crop, i * pixels, values, 0, pixels);
            out.add(new DepthUnit(new DepthMap(width, height, values)));
        }
        return out;
    }

    /**
     * The {@code [length, cells]} bilinear matrix from {@code cells} grid cells to the image's
     * {@code length} pixels starting at {@code offset} of the {@code side} square, with the weight of
     * every cell outside the image's cells moved to the nearest image cell.
     */
    static float[] matrix(int cells, int side, int offset, int length) {
        float[] m = Resize.bilinearMatrix(cells, side, offset, length);
        int[] cellOf = DepthGrid.cellOfPixel(side, cells);
        int first = cellOf[offset], last = cellOf[offset + length - 1];
        for (int r = 0; r < length; r++) {
            for (int c = 0; c < cells; c++) {
                int target = Math.min(Math.max(c, first), last);
                if (target != c && m[r * cells + c] != 0) {
                    m[r * cells + target] += m[r * cells + c];
                    m[r * cells + c] = 0;
                }
            }
        }
        return m;
    }
}
