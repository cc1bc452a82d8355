package org.refvlm.core.vision;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.refvlm.nn.MatMul;

/**
 * The paper's parameter-free mask-guided aggregation (section IV-B). Each visual prompt's mask,
 * resized to the feature grid and normalised to sum to one, pools the features of each of N
 * spatial patches (eq. 1); a fixed cosine position encoding tells the patches apart (eqs. 2-3).
 * The result is N tokens per prompt, which go through the shared projector.
 *
 * <p>Patches are a true {@code g x g} grid of {@code (H/g) x (W/g)} windows, as the paper
 * describes. (The reference code instead cuts the raster into N horizontal bands and adds a
 * learned position table and mask token; see the reference notes, section 3.5.)
 */
public final class MaskGuidedAggregation {

    private final AggregationConfig config;

    public MaskGuidedAggregation(AggregationConfig config) {
        this.config = config;
    }

    /**
     * @param features [C, H, W] features of one image (e.g. CLIP ViT's 24x24 grid)
     * @param masks    [Q, S, S] binary prompt masks on the padded square, any S
     * @return [Q, N, C] prompt tokens
     */
    public NDArray aggregate(NDArray features, NDArray masks) {
        Shape fs = features.getShape();
        if (fs.dimension() != 3 || masks.getShape().dimension() != 3) {
            throw new IllegalArgumentException("features must be [C, H, W] and masks [Q, S, S]; got " + fs + " and " + masks.getShape());
        }
        int c = (int) fs.get(0), h = (int) fs.get(1), w = (int) fs.get(2);
        int g = config.gridSide();
        if (h % g != 0 || w % g != 0) {
            throw new IllegalArgumentException("a " + h + "x" + w + " feature grid cannot be cut into " + g + "x" + g
                    + " equal patches; choose a grid side that divides both");
        }
        int q = (int) masks.getShape().get(0);
        int ph = h / g, pw = w / g, n = g * g;

        NDArray m = normalisedMasks(masks, h, w);                                        // [Q, H, W]
        NDArray xPatches = features.reshape(c, g, ph, g, pw).transpose(1, 3, 2, 4, 0)    // [g, g, ph, pw, C]
                .reshape(n, ph * pw, c);                                                  // [N, P, C]
        NDArray mPatches = m.reshape(q, g, ph, g, pw).transpose(1, 3, 0, 2, 4)           // [g, g, Q, ph, pw]
                .reshape(n, q, ph * pw);                                                  // [N, Q, P]
        NDArray v = MatMul.of(mPatches, xPatches).transpose(1, 0, 2);                         // [Q, N, C]  eq. (1)
        return v.add(positionEncoding(features.getManager(), n, c).mul(config.alpha()));  // eq. (3)
    }

    /**
     * Each grid cell weighted by the share of its pixels the prompt covers, divided by the sum
     * (+1e-8). Shares rather than a bilinear sample at the cell centre: a small disc or a thin
     * stroke that misses every cell centre would otherwise vanish. A square whose side the grid
     * does not divide is resized bilinearly and binarised (> 0) instead.
     */
    private static NDArray normalisedMasks(NDArray masks, int h, int w) {
        long q = masks.getShape().get(0), sh = masks.getShape().get(1), sw = masks.getShape().get(2);
        NDArray m = masks.toType(DataType.FLOAT32, false);                                // [Q, S, S]
        NDArray resized;
        if (sh % h == 0 && sw % w == 0) {
            // covered pixels per cell; the cell's size cancels in the normalisation below
            resized = m.reshape(q, h, sh / h, w, sw / w).sum(new int[] {2, 4});            // [Q, H, W]
        } else {
            resized = m.expandDims(1).getNDArrayInternal().interpolation(new long[] {h, w}, 1, false)
                    .squeeze(1).gt(0).toType(DataType.FLOAT32, false);                    // [Q, H, W]
        }
        NDArray count = resized.sum(new int[] {1, 2}, true).add(1e-8f);                   // [Q, 1, 1]
        return resized.div(count);
    }

    /** PE(n, c) = cos(n / s^(2c / C)), [N, C] (eq. 2). */
    NDArray positionEncoding(NDManager manager, int n, int c) {
        float[] pe = new float[n * c];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < c; j++) {
                pe[i * c + j] = (float) Math.cos(i / Math.pow(config.temperature(), 2.0 * j / c));
            }
        }
        return manager.create(pe, new Shape(n, c));
    }
}
