package org.refvlm.core.internal.router;

import org.refvlm.trp.ResolvedReference;

/**
 * One {@code <REF>} of a generated answer with its latent embedding: the last-layer hidden state
 * at the {@code <REF>} token's position, {@code [D]}, copied off the device.
 */
public record CapturedReference(ResolvedReference reference, float[] embedding) {
}
