package org.refvlm.core.internal.router;

import ai.djl.ndarray.NDArray;
import org.refvlm.trp.ResolvedReference;

/**
 * One {@code <REF>} of a generated answer with its latent embedding: the last-layer hidden state
 * at the {@code <REF>} token's position, {@code [D]} FLOAT32 on the model's device (null when no
 * state was known).
 */
public record CapturedReference(ResolvedReference reference, NDArray embedding) {
}
