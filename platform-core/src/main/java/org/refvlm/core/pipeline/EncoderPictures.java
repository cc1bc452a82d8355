package org.refvlm.core.pipeline;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.refvlm.spi.DecoderImage;
import org.refvlm.spi.PaddedSquares;

/**
 * A batch's pictures as its encoders read them, one array per side, and the padded squares on
 * [0, 1] they were normalised from, for the decoders that read the picture
 * ({@link org.refvlm.spi.DecoderInput#pictures(int)}). A request and a training step make them
 * the same way, so a decoder sees the same pixels in both.
 *
 * @param pixels  per side asked for, in order, {@code [B, 3, side, side]} normalised
 * @param squares by side, {@code [B, 3, side, side]} on [0, 1]; empty when the model resizes with
 *                CLIP's antialiased bicubic, whose 8-bit squares decoders do not read
 */
public record EncoderPictures(List<NDArray> pixels, Map<Integer, NDArray> squares) {

    public EncoderPictures {
        pixels = List.copyOf(pixels);
        squares = Map.copyOf(squares);
    }

    /**
     * @param images       the batch's pictures
     * @param madeAhead    their padded squares on the host (a prefetching thread's), or null to make them here
     * @param sides        the encoders' sides
     */
    public static EncoderPictures of(List<DecoderImage> images, PaddedSquares madeAhead, Preprocessing preprocessing,
            NDManager manager, int... sides) {
        if (preprocessing.clipResize()) {
            return new EncoderPictures(ImageInputs.pixels(images, preprocessing, manager, sides), Map.of());
        }
        PaddedSquares host = madeAhead != null ? madeAhead : PaddedSquares.of(images);
        if (host.size() != images.size()) {
            throw new IllegalArgumentException(host.size() + " padded squares for " + images.size() + " pictures");
        }
        List<NDArray> resized = host.resized(manager, sides);                           // [B, 3, s, s] each, on [0, 1]
        List<NDArray> pixels = new ArrayList<>(sides.length);
        Map<Integer, NDArray> squares = new HashMap<>();
        for (int i = 0; i < sides.length; i++) {
            squares.put(sides[i], resized.get(i));
            pixels.add(ImageInputs.normalised(resized.get(i)));
        }
        return new EncoderPictures(pixels, squares);
    }
}
