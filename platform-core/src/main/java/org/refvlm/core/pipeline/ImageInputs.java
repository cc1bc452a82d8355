package org.refvlm.core.pipeline;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import org.refvlm.api.RgbImage;
import org.refvlm.spi.DecoderImage;
import org.refvlm.spi.PaddedSquares;

/**
 * The image as encoders see it: placed at the top-left of a square filled with the mean colour
 * (so padding normalises to zero), resized to the encoder's side
 * ({@link DecoderImage#paddedSquare}), normalised with CLIP's mean and standard deviation.
 */
public final class ImageInputs {

    /** OpenAI CLIP's per-channel mean and standard deviation, on [0, 1] pixels. */
    public static final float[] CLIP_MEAN = DecoderImage.fill();
    public static final float[] CLIP_STD = {0.26862954f, 0.26130258f, 0.27577711f};

    private ImageInputs() {
    }

    /** @return [1, 3, side, side]: the padded square as decoders also get it, normalised */
    public static NDArray pixels(RgbImage image, int side, NDManager manager) {
        return pixels(List.of(image), side, manager);
    }

    /**
     * A batch's pictures at once (one copy to the device, one resize, one normalisation: what a
     * training step does for every micro-batch); each image comes out as {@link #pixels(RgbImage,
     * int, NDManager)} gives it alone.
     *
     * @return [B, 3, side, side]
     */
    public static NDArray pixels(List<RgbImage> images, int side, NDManager manager) {
        return pixels(squares(images), manager, side).get(0);
    }

    /** The padded squares of a batch's pictures, on the host: what a prefetching thread prepares. */
    public static PaddedSquares squares(List<RgbImage> images) {
        return PaddedSquares.of(images.stream().map(DecoderImage::new).toList());
    }

    /**
     * Prepared pictures at each of {@code sides}, normalised, from one copy to the device.
     *
     * @return per side, [B, 3, side, side]
     */
    public static List<NDArray> pixels(PaddedSquares squares, NDManager manager, int... sides) {
        NDArray mean = manager.create(CLIP_MEAN, new Shape(1, 3, 1, 1));
        NDArray std = manager.create(CLIP_STD, new Shape(1, 3, 1, 1));
        List<NDArray> out = new ArrayList<>();
        for (NDArray square01 : squares.resized(manager, sides)) {
            out.add(square01.sub(mean).div(std).toType(DataType.FLOAT32, false));
        }
        return out;
    }
}
