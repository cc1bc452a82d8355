package org.refvlm.decoder.maskformer.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.Map;

/** Fetches the feature maps the decoder reads, as {@code [B, C, H, W]} with the expected channels. */
public final class FeatureMaps {

    private FeatureMaps() {
    }

    /**
     * A map given as {@code [B, C, H, W]} is used as is; a token map {@code [B, N, C]} (a ViT's
     * patch tokens) is laid out on its {@code sqrt(N) x sqrt(N)} grid, as the reference does.
     */
    public static NDArray spatial(Map<String, NDArray> features, String level, long batch, long channels) {
        NDArray f = features.get(level);
        if (f == null) {
            throw new IllegalArgumentException("feature map '" + level + "' is missing; got " + features.keySet());
        }
        Shape s = f.getShape();
        if (s.dimension() == 3 && s.get(0) == batch && s.get(2) == channels) {
            long side = Math.round(Math.sqrt(s.get(1)));
            if (side * side != s.get(1)) {
                throw new IllegalArgumentException("token map '" + level + "' has " + s.get(1)
                        + " tokens, not a square grid");
            }
            return f.transpose(0, 2, 1).reshape(batch, channels, side, side);            // [B, C, s, s]
        }
        if (s.dimension() == 4 && s.get(0) == batch && s.get(1) == channels) {
            return f;
        }
        throw new IllegalArgumentException("feature map '" + level + "' must be [" + batch + ", " + channels
                + ", H, W] or [" + batch + ", N, " + channels + "], got " + s);
    }
}
