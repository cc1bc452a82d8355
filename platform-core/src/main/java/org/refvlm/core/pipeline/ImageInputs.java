package org.refvlm.core.pipeline;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import org.refvlm.api.RgbImage;
import org.refvlm.nn.AntialiasedBicubic;
import org.refvlm.spi.DecoderImage;
import org.refvlm.spi.PaddedSquares;

/**
 * The image as encoders see it: placed in a square filled with the mean colour (so padding
 * normalises to zero) as its {@link DecoderImage#frame()} says, resized to the encoder's side as
 * the model's {@link Preprocessing} says, normalised with CLIP's mean and standard deviation.
 */
public final class ImageInputs {

    /** OpenAI CLIP's per-channel mean and standard deviation, on [0, 1] pixels. */
    public static final float[] CLIP_MEAN = DecoderImage.fill();
    public static final float[] CLIP_STD = {0.26862954f, 0.26130258f, 0.27577711f};

    private ImageInputs() {
    }

    /** @return [1, 3, side, side]: the top-left padded square, resized bilinearly, normalised */
    public static NDArray pixels(RgbImage image, int side, NDManager manager) {
        return pixels(new DecoderImage(image), side, Preprocessing.SHAPES_TINY, manager);
    }

    /** @return [1, 3, side, side]: the padded square as {@code preprocessing} prepares it, normalised */
    public static NDArray pixels(DecoderImage image, int side, Preprocessing preprocessing, NDManager manager) {
        if (preprocessing.clipResize()) {
            return clipPixels(image, side, manager);
        }
        return pixels(PaddedSquares.of(List.of(image)), manager, side).get(0);
    }

    /**
     * A batch's pictures at once (one copy to the device, one resize, one normalisation: what a
     * training step does for every micro-batch); each image comes out as {@link #pixels(DecoderImage,
     * int, Preprocessing, NDManager)} gives it alone. Antialiased bicubic resizing
     * ({@link Preprocessing#clipResize()}) is done image by image on the host.
     *
     * @return per side, [B, 3, side, side]
     */
    public static List<NDArray> pixels(List<DecoderImage> images, Preprocessing preprocessing, NDManager manager,
            int... sides) {
        if (!preprocessing.clipResize()) {
            return pixels(PaddedSquares.of(images), manager, sides);
        }
        List<NDArray> out = new ArrayList<>();
        for (int side : sides) {
            NDList all = new NDList();
            for (DecoderImage image : images) {
                all.add(clipPixels(image, side, manager));                                  // [1, 3, s, s]
            }
            out.add(NDArrays.concat(all, 0));
        }
        return out;
    }

    /**
     * The padded squares of a batch's pictures, on the host, placed as {@code preprocessing} says:
     * what a prefetching thread prepares.
     */
    public static PaddedSquares squares(List<RgbImage> images, Preprocessing preprocessing) {
        return PaddedSquares.of(images.stream().map(i -> new DecoderImage(i, preprocessing.centred())).toList());
    }

    /**
     * Prepared pictures at each of {@code sides}, bilinearly resized and normalised, from one copy
     * to the device.
     *
     * @return per side, [B, 3, side, side]
     */
    public static List<NDArray> pixels(PaddedSquares squares, NDManager manager, int... sides) {
        List<NDArray> out = new ArrayList<>();
        for (NDArray square01 : squares.resized(manager, sides)) {
            out.add(normalised(square01));
        }
        return out;
    }

    /**
     * What the encoders read from padded squares on [0, 1] (bilinear resizing): each channel
     * shifted and scaled by CLIP's mean and deviation. A training step keeps the squares too, for
     * the decoders that read pixels ({@link org.refvlm.spi.DecoderInput#pictures(int)}).
     *
     * @param squares01 [B, 3, S, S]
     * @return [B, 3, S, S], FLOAT32, on the same manager
     */
    public static NDArray normalised(NDArray squares01) {
        NDManager manager = squares01.getManager();
        NDArray mean = manager.create(CLIP_MEAN, new Shape(1, 3, 1, 1));
        NDArray std = manager.create(CLIP_STD, new Shape(1, 3, 1, 1));
        return squares01.sub(mean).div(std).toType(DataType.FLOAT32, false);
    }

    /**
     * CLIPImageProcessor on the 8-bit padded square (shortest edge and crop both {@code side}, so
     * the crop keeps everything): PyTorch's antialiased bicubic on 8 bits, then
     * {@code (v - 255 mean) / (255 std)} in float32, transformers' fused rescale and normalise.
     */
    private static NDArray clipPixels(DecoderImage image, int side, NDManager manager) {
        int[][] planes = image.paddedSquare8Bit();
        int square = image.frame().side();
        float[] out = new float[3 * side * side];
        for (int c = 0; c < 3; c++) {
            int[] resized = AntialiasedBicubic.resizeUint8(planes[c], square, square, side, side);
            float m = CLIP_MEAN[c] * 255f;
            float s = CLIP_STD[c] * 255f;
            for (int i = 0; i < resized.length; i++) {
                out[c * side * side + i] = (resized[i] - m) / s;
            }
        }
        return manager.create(out, new Shape(1, 3, side, side));
    }
}
