package org.refvlm.core.pipeline;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.refvlm.api.RgbImage;

/**
 * The image as encoders see it: placed at the top-left of a square filled with the mean colour
 * (so padding normalises to zero), resized to the encoder's side, normalised with CLIP's mean and
 * standard deviation.
 */
public final class ImageInputs {

    /** OpenAI CLIP's per-channel mean and standard deviation, on [0, 1] pixels. */
    public static final float[] CLIP_MEAN = {0.48145466f, 0.4578275f, 0.40821073f};
    public static final float[] CLIP_STD = {0.26862954f, 0.26130258f, 0.27577711f};

    private ImageInputs() {
    }

    /** @return [1, 3, side, side] */
    public static NDArray pixels(RgbImage image, int side, NDManager manager) {
        int w = image.width(), h = image.height(), square = Math.max(w, h);
        float[] padded = new float[3 * square * square];
        for (int c = 0; c < 3; c++) {
            java.util.Arrays.fill(padded, c * square * square, (c + 1) * square * square, CLIP_MEAN[c]);
        }
        byte[] rgb = image.rgb();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < 3; c++) {
                    padded[c * square * square + y * square + x] = (rgb[(y * w + x) * 3 + c] & 0xff) / 255f;
                }
            }
        }
        NDArray square01 = manager.create(padded, new Shape(1, 3, square, square));             // [1, 3, S, S]
        NDArray resized = square == side ? square01
                : square01.getNDArrayInternal().interpolation(new long[] {side, side}, 1, false); // bilinear
        NDArray mean = manager.create(CLIP_MEAN, new Shape(1, 3, 1, 1));
        NDArray std = manager.create(CLIP_STD, new Shape(1, 3, 1, 1));
        return resized.sub(mean).div(std).toType(DataType.FLOAT32, false);
    }
}
