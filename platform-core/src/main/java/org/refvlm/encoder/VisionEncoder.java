package org.refvlm.encoder;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import org.refvlm.nn.Parameters;

/**
 * An image encoder as the REF-VLM pipeline consumes it: normalised pixels in, feature maps out.
 * Frozen by default; a training recipe can unfreeze it.
 */
public interface VisionEncoder extends AutoCloseable {

    /** Service property: which encoder a registered service is, e.g. {@code clip-vit} or {@code clip-convnext}. */
    String NAME = "refvlm.encoder";

    /** Short name used in configuration and logs (e.g. "clip-vit", "convnext"). */
    String name();

    Device device();

    /** The square input side the encoder was trained at, if it needs one (CLIP ViT does; ConvNeXt takes any size). */
    default java.util.OptionalInt inputSize() {
        return java.util.OptionalInt.empty();
    }

    /** pixel values [B, C, H, W] to the encoder's feature list, attached to {@code out}. */
    List<NDArray> features(NDArray pixelValues, NDManager out);

    Parameters parameters();

    /** Unfreezes (true) or freezes (false) every parameter. */
    void setTrainable(boolean trainable);

    boolean isTrainable();

    @Override
    void close();
}
