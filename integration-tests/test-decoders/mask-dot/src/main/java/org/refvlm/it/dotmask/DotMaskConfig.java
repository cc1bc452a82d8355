package org.refvlm.it.dotmask;

/**
 * Sizes of a dotmask decoder; its decoder folder's {@code config.json} and a recipe's
 * {@code "config"} section hold exactly these fields.
 *
 * @param queryInputDim width of the {@code <REF>} embeddings (the language model's hidden size)
 * @param numQueries    most references per image the decoder takes
 * @param featureLevel  the pyramid level it reads, e.g. {@code stride4} ([B, featureDim, H, W])
 * @param featureDim    that level's channels
 * @param dModel        width of the shared embedding space the dot product is taken in
 */
public record DotMaskConfig(int queryInputDim, int numQueries, String featureLevel, int featureDim, int dModel) {

    public DotMaskConfig {
        if (queryInputDim <= 0 || numQueries <= 0 || featureDim <= 0 || dModel <= 0) {
            throw new IllegalArgumentException("sizes must be positive: queryInputDim " + queryInputDim
                    + ", numQueries " + numQueries + ", featureDim " + featureDim + ", dModel " + dModel);
        }
        if (featureLevel == null || featureLevel.isBlank()) {
            throw new IllegalArgumentException("featureLevel names the pyramid level to read, e.g. stride4");
        }
    }
}
