package org.refvlm.decoder.sam;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.refvlm.api.RgbImage;
import org.refvlm.nn.Constants;
import org.refvlm.spi.DecoderImage;
import org.refvlm.spi.ImageFrame;

/**
 * SAM's input, as SAM's own preprocessing makes it: the image's longest side resized to the
 * encoder's side S, the image at the top-left, pixels normalised with SAM's mean
 * (123.675, 116.28, 103.53) and std (58.395, 57.12, 57.375) on 0..255, and the rest of the
 * S x S square zero (padding after normalisation).
 *
 * <p>Against the platform's own square ({@link DecoderImage#paddedSquare}): both put the image at
 * the top-left of a square whose side is the longest side (a centred frame is re-placed at the
 * top-left here, as SAM does), so SAM's low-resolution mask grid covers exactly the platform's
 * padded square of a top-left frame ({@link #frame}). The square is built by the platform's
 * antialiased bilinear resize of the padded square rather than by resizing the image alone, so
 * only the one row or column of cells straddling the image's edge differs from SAM's; those cells
 * outside {@code round(side * S / longest)} are zeroed as SAM's padding is.
 */
public final class SamPreprocessing {

    private static final float[] MEAN = {123.675f, 116.28f, 103.53f};
    private static final float[] STD = {58.395f, 57.12f, 57.375f};

    private SamPreprocessing() {
    }

    /** The frame SAM's masks are in: the image at the top-left of its square. */
    public static ImageFrame frame(ImageFrame original) {
        return new ImageFrame(original.width(), original.height());
    }

    /** One image -> [1, 3, S, S] */
    public static NDArray pixels(RgbImage image, NDManager manager, int side) {
        return pixels(List.of(new DecoderImage(image)), manager, side);
    }

    /** A batch -> [B, 3, S, S], no gradient. */
    public static NDArray pixels(List<DecoderImage> images, NDManager manager, int side) {
        NDList normalised = new NDList(images.size());
        for (DecoderImage image : images) {
            DecoderImage topLeft = new DecoderImage(image.pixels(), false);
            NDArray square = topLeft.paddedSquare(manager, side);                          // [1, 3, S, S] on [0, 1]
            NDArray mean = Constants.of(manager, MEAN, new Shape(1, 3, 1, 1));
            NDArray std = Constants.of(manager, STD, new Shape(1, 3, 1, 1));
            NDArray x = square.mul(255f).sub(mean).div(std);
            normalised.add(x.mul(inside(topLeft.frame(), manager, side)));                 // padding -> 0
        }
        return normalised.size() == 1 ? normalised.get(0) : NDArrays.concat(normalised, 0);
    }

    /** [1, 1, S, S]: 1 on the resized image's cells, 0 on SAM's padding */
    private static NDArray inside(ImageFrame frame, NDManager manager, int side) {
        int longest = frame.side();
        int w = (int) Math.floor(frame.width() * (double) side / longest + 0.5);
        int h = (int) Math.floor(frame.height() * (double) side / longest + 0.5);
        float[] keep = new float[side * side];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                keep[y * side + x] = 1f;
            }
        }
        return Constants.of(manager, keep, new Shape(1, 1, side, side));
    }
}
