package org.refvlm.example.patchbox;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.List;
import org.refvlm.nn.Conv2d;
import org.refvlm.nn.ConvOptions;
import org.refvlm.nn.LayerNorm;
import org.refvlm.nn.NonLinearity;
import org.refvlm.nn.Parameters;
import org.refvlm.nn.SinePositionEncoding;
import org.refvlm.spi.DecoderImage;

/**
 * The decoder's own backbone: the padded square the platform's encoders saw, at
 * {@code imageSide}, cut into patches by a strided convolution, mixed with their neighbours by a
 * 3x3 convolution and normalised, with the 2-D sine position of each patch. What a decoder such
 * as SAM or Grounding DINO does with a ViT or a Swin, at the size of a template.
 */
final class PatchBackbone {

    /** Brings pixels on [0, 1] to roughly zero mean and unit spread. */
    private static final float MEAN = 0.5f, SCALE = 4f;

    private final PatchBoxConfig config;
    private final Conv2d patch;
    private final Conv2d mix;
    private final LayerNorm norm;

    PatchBackbone(Parameters params, PatchBoxConfig c) {
        this.config = c;
        this.patch = new Conv2d(params, "backbone.patch", 3, c.width(), ConvOptions.kernel(c.patchSize()).stride(c.patchSize()));
        this.mix = new Conv2d(params, "backbone.mix", c.width(), c.width(), ConvOptions.kernel(3).padding(1));
        this.norm = new LayerNorm(params, "backbone.norm", c.width());
    }

    /**
     * @param tokens   [B, N, C] the patches, N = g x g in raster order
     * @param position [N, C] their sine position
     */
    record Tokens(NDArray tokens, NDArray position) {
    }

    /** The images of a batch as patch tokens, on {@code manager}. */
    Tokens forward(List<DecoderImage> images, NDManager manager) {
        NDList squares = new NDList(images.size());
        for (DecoderImage image : images) {
            squares.add(image.paddedSquare(manager, config.imageSide()));                 // [1, 3, S, S]
        }
        NDArray x = NDArrays.concat(squares, 0).sub(MEAN).mul(SCALE);                     // [B, 3, S, S], no gradient
        NDArray maps = NonLinearity.GELU.apply(patch.forward(x));                          // [B, C, g, g]
        maps = norm.forwardChannels(maps.add(NonLinearity.GELU.apply(mix.forward(maps)))); // [B, C, g, g]
        long b = maps.getShape().get(0), c = maps.getShape().get(1), g = maps.getShape().get(2);
        NDArray tokens = maps.reshape(b, c, g * g).transpose(0, 2, 1);                     // [B, N, C]
        NDArray position = SinePositionEncoding.grid(manager, (int) g, (int) g, (int) c);  // [N, C]
        return new Tokens(tokens, position);
    }
}
