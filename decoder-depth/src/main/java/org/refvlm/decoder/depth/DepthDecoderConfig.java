package org.refvlm.decoder.depth;

import java.util.List;

/**
 * Sizes of the depth decoder and its scale-invariant log loss. The reference implementation has no
 * working depth path (it is a copy of the mask decoder); this is the platform's own design.
 *
 * @param queryInputDim  width of the {@code <REF>} embeddings
 * @param numQueries     query length L
 * @param featureLevels  pyramid levels of the pixel decoder, finest first
 * @param featureDims    their channels
 * @param dModel         pixel decoder width
 * @param maxDepth       largest depth the head can predict, in the data's units
 * @param silogLambda    variance weight of the scale-invariant log loss (0 = plain log-L2, 1 = fully scale invariant)
 */
public record DepthDecoderConfig(
        int queryInputDim, int numQueries, List<String> featureLevels, List<Integer> featureDims,
        int dModel, double maxDepth, double silogLambda) {

    public DepthDecoderConfig {
        featureLevels = List.copyOf(featureLevels);
        featureDims = List.copyOf(featureDims);
        if (featureLevels.size() != featureDims.size() || featureLevels.isEmpty()) {
            throw new IllegalArgumentException("featureLevels and featureDims must be non-empty and of equal length");
        }
        if (!(maxDepth > 0) || silogLambda < 0 || silogLambda > 1) {
            throw new IllegalArgumentException("maxDepth must be positive and silogLambda in [0, 1]");
        }
    }

    /** Sizes matching the reference pyramid. */
    public static DepthDecoderConfig reference() {
        return new DepthDecoderConfig(4096, 30, List.of("stride4", "stride8", "stride16"),
                List.of(192, 384, 768), 256, 10.0, 0.85);
    }
}
