package org.refvlm.spi;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Arrays;
import java.util.List;
import org.refvlm.api.RgbImage;

/**
 * The request's picture as a decoder with its own backbone reads it: the original pixels, and the
 * padded square the platform's encoders saw, with the {@link ImageFrame} that maps between them.
 * Only decoders whose {@link DecoderSpec#needsImage()} is true get it.
 *
 * @param pixels  the original image
 * @param centred whether the image is centred in its padded square (REF-VLM's reference) or at
 *                its top-left (the default model); see {@link ImageFrame}
 */
public record DecoderImage(RgbImage pixels, boolean centred) {

    /**
     * The colour of the square's padding, per channel on [0, 1]: OpenAI CLIP's mean, so that the
     * encoders' normalisation turns padding into zeros.
     */
    private static final float[] FILL = {0.48145466f, 0.4578275f, 0.40821073f};

    /** {@code UNIT[v] = v / 255f}, the 8-bit values on [0, 1] (a table instead of a division per value). */
    private static final float[] UNIT = new float[256];

    static {
        for (int v = 0; v < 256; v++) {
            UNIT[v] = v / 255f;
        }
    }

    public DecoderImage {
        if (pixels == null) {
            throw new IllegalArgumentException("a decoder image needs its pixels");
        }
    }

    /** The image at the top-left of its padded square. */
    public DecoderImage(RgbImage pixels) {
        this(pixels, false);
    }

    /** Where the image sits in its padded square. */
    public ImageFrame frame() {
        return centred ? ImageFrame.centred(pixels.width(), pixels.height())
                : new ImageFrame(pixels.width(), pixels.height());
    }

    /** The fill colour of the padding, per channel on [0, 1]. */
    public static float[] fill() {
        return FILL.clone();
    }

    /**
     * The padded square the encoders saw before their normalisation: the image placed as
     * {@link #frame()} says in a {@code max(w, h)} square filled with {@link #fill()}, RGB on [0, 1], resized bilinearly
     * to {@code side x side} as DJL's {@code interpolation} does it: PyTorch's
     * {@code F.interpolate(mode="bilinear", align_corners=False, antialias=True)}, which averages
     * over the shrunk pixels' footprint when the square is larger than {@code side}.
     *
     * @return [1, 3, side, side], FLOAT32, on {@code manager}
     */
    public NDArray paddedSquare(NDManager manager, int side) {
        return paddedSquares(List.of(this), manager, side);
    }

    /**
     * {@link #paddedSquare} of several images as one batch ({@link PaddedSquares}): one
     * host-to-device copy and one resize for all.
     *
     * @return [B, 3, side, side], FLOAT32, on {@code manager}
     */
    public static NDArray paddedSquares(List<DecoderImage> images, NDManager manager, int side) {
        return PaddedSquares.of(images).resized(manager, side).get(0);
    }

    /** The side of the padded square: the longer side of the image. */
    int squareSide() {
        return Math.max(pixels.width(), pixels.height());
    }

    /** The unresized padded square, channel-planar, placed as {@link #frame()} says, into {@code out} from {@code offset}. */
    void writeSquare(float[] out, int offset) {
        int w = pixels.width(), h = pixels.height(), square = squareSide();
        int left = frame().offsetX(), top = frame().offsetY();
        byte[] rgb = pixels.rgb();
        // Every value is written once, padding included: this runs for each picture of each
        // training batch, on a machine whose other core trains.
        for (int c = 0; c < 3; c++) {
            int planeStart = offset + c * square * square;
            for (int y = 0; y < square; y++) {
                int row = planeStart + y * square;
                if (y < top || y >= top + h) {
                    Arrays.fill(out, row, row + square, FILL[c]);
                    continue;
                }
                Arrays.fill(out, row, row + left, FILL[c]);
                int from = (y - top) * w * 3 + c;
                for (int x = 0; x < w; x++) {
                    out[row + left + x] = UNIT[rgb[from + 3 * x] & 0xff];
                }
                Arrays.fill(out, row + left + w, row + square, FILL[c]);
            }
        }
    }

    /**
     * The padded square in 8 bits, as the reference builds it before CLIP's image processor: the
     * image placed as {@link #frame()} says, the padding {@code int(255 * fill)} per channel.
     *
     * @return channel planes [3][side * side], values 0..255
     */
    public int[][] paddedSquare8Bit() {
        int w = pixels.width(), h = pixels.height(), square = Math.max(w, h);
        ImageFrame frame = frame();
        int[][] planes = new int[3][square * square];
        byte[] rgb = pixels.rgb();
        for (int c = 0; c < 3; c++) {
            Arrays.fill(planes[c], (int) (FILL[c] * 255));
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    planes[c][(frame.offsetY() + y) * square + frame.offsetX() + x] = rgb[(y * w + x) * 3 + c] & 0xff;
                }
            }
        }
        return planes;
    }
}
