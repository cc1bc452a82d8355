package org.refvlm.encoder.clipvit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.refvlm.encoder.VisionEncoder;

/**
 * CLIP vision tower. {@link #features} returns one map: the selected hidden layer (REF-VLM: -2,
 * CLS dropped) as [B, N, D]; {@link #forward} gives everything.
 */
public interface ClipVisionEncoder extends VisionEncoder {

    ClipVisionConfig config();

    /** Full forward: all hidden states, last state, pooled output; attached to {@code out}. */
    ClipVisionOutput forward(NDArray pixelValues, NDManager out);

    /** Layer used by {@link #features} (negative from the end). */
    int selectLayer();

    /** Whether {@link #features} drops the CLS token. */
    boolean dropCls();
}
