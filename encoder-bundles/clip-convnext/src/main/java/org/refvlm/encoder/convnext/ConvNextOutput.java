package org.refvlm.encoder.convnext;

import ai.djl.ndarray.NDArray;
import java.util.List;

/**
 * @param stem    [B, d0, H/4, W/4]
 * @param stages  one NCHW map per stage, strides 4, 8, 16, 32
 * @param normPre output of timm's {@code norm_pre} (identity for the trunks used here)
 */
public record ConvNextOutput(NDArray stem, List<NDArray> stages, NDArray normPre) {
}
