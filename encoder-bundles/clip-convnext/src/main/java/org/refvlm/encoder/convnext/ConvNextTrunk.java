package org.refvlm.encoder.convnext;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.refvlm.encoder.VisionEncoder;

/** timm ConvNeXt trunk; {@link #features} returns the four stage maps. */
public interface ConvNextTrunk extends VisionEncoder {

    ConvNextConfig config();

    /** Stem, every stage and norm_pre, attached to {@code out}. */
    ConvNextOutput forward(NDArray pixelValues, NDManager out);
}
