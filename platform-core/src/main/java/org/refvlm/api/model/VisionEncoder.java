package org.refvlm.api.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Map;
import org.osgi.annotation.versioning.ProviderType;
import org.refvlm.api.RgbImage;

/**
 * An image encoder. CLIP ViT gives the tokens the language model reads; CLIP ConvNeXt gives the
 * multi-scale pyramid decoders read. Registered with the service property {@link #NAME}.
 */
@ProviderType
public interface VisionEncoder {

    /** Service property: the encoder's name, e.g. {@code clip-vit} or {@code clip-convnext}. */
    String NAME = "refvlm.encoder";

    String name();

    /** Side of the square input it expects, in pixels. */
    int imageSize();

    /** The encoder's own preprocessing of an (already square-padded) image: {@code [3, S, S]}. */
    NDArray preprocess(RgbImage image, NDManager manager);

    /** Named feature maps of a batch {@code [B, 3, S, S]}, e.g. {@code tokens [B, N, C]} or {@code stride8 [B, C, H, W]}. */
    Map<String, NDArray> encode(NDArray pixels);
}
