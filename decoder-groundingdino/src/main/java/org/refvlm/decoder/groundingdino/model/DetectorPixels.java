package org.refvlm.decoder.groundingdino.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.refvlm.nn.Constants;
import org.refvlm.spi.DecoderImage;
import org.refvlm.spi.DecoderInput;

/**
 * Pictures as Grounding DINO reads them: each at the top-left of its padded square, resized to
 * {@code side}, normalised with ImageNet's mean and deviation (what its processor does).
 */
public final class DetectorPixels {

    private static final float[] MEAN = {0.485f, 0.456f, 0.406f};
    private static final float[] STD = {0.229f, 0.224f, 0.225f};

    private DetectorPixels() {
    }

    /** @return [B, 3, side, side] */
    public static NDArray of(List<DecoderImage> images, NDManager m, int side) {
        return normalise(DecoderImage.paddedSquares(images, m, side));
    }

    /**
     * A decoder batch's pictures, from the squares the platform already made when it made that
     * side ({@link DecoderInput#pictures(int)}).
     *
     * @return [B, 3, side, side]
     */
    public static NDArray of(DecoderInput input, int side) {
        return normalise(input.pictures(side));
    }

    /** @param pixels [B, 3, S, S] in [0, 1] */
    private static NDArray normalise(NDArray pixels) {
        NDManager m = pixels.getManager();
        return pixels.sub(Constants.of(m, MEAN, new Shape(1, 3, 1, 1))).div(Constants.of(m, STD, new Shape(1, 3, 1, 1)));
    }
}
