package org.refvlm.decoder.groundingdino.model;

import java.util.List;

/** The fixed geometry of the image tokens: pixel centres and the two-stage proposal boxes. */
final class Proposals {

    private Proposals() {
    }

    /** [h * w, 2] (x, y) pixel centres of an h x w level in [0, 1], raster order. */
    static float[] centres(int h, int w) {
        float[] out = new float[h * w * 2];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                out[(y * w + x) * 2] = (float) ((x + 0.5) / w);
                out[(y * w + x) * 2 + 1] = (float) ((y + 0.5) / h);
            }
        }
        return out;
    }

    /**
     * One proposal per image token: its pixel centre with side 0.05 * 2^level, as box logits
     * (inverse sigmoid); a proposal with any coordinate outside (0.01, 0.99) is invalid: logits
     * +inf and validity 0 (its token then proposes from a zeroed feature).
     *
     * @return {logits [S * 4], validity [S]}
     */
    static float[][] logits(List<int[]> shapes) {
        int total = 0;
        for (int[] s : shapes) {
            total += s[0] * s[1];
        }
        float[] logits = new float[total * 4];
        float[] valid = new float[total];
        int i = 0;
        for (int l = 0; l < shapes.size(); l++) {
            int h = shapes.get(l)[0];
            int w = shapes.get(l)[1];
            double side = 0.05 * Math.pow(2, l);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    double[] box = {(x + 0.5) / w, (y + 0.5) / h, side, side};
                    boolean ok = true;
                    for (double v : box) {
                        ok &= v > 0.01 && v < 0.99;
                    }
                    valid[i] = ok ? 1f : 0f;
                    for (int k = 0; k < 4; k++) {
                        // computed in float32 as transformers does, so the same proposals are chosen
                        float p = (float) box[k];
                        logits[i * 4 + k] = ok ? (float) Math.log(p / (1f - p)) : Float.POSITIVE_INFINITY;
                    }
                    i++;
                }
            }
        }
        return new float[][] {logits, valid};
    }
}
