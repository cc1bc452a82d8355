package org.refvlm.nn;

/**
 * The sizes and habits of a transformer layer. Start from {@link #of} and change what differs,
 * e.g. {@code TransformerLayerConfig.of(256, 8, 2048).dropout(0.1).preNorm(true)}.
 *
 * @param dModel     width of the tokens
 * @param heads      attention heads, dividing {@code dModel}
 * @param ffnDim     width of the feed-forward block
 * @param dropout    dropout after attention and after the feed-forward block, in training
 * @param activation the feed-forward block's non-linearity
 * @param preNorm    LayerNorm before each sub-block (pre-norm) instead of after the residual (post-norm, DETR's default)
 * @param normEps    the LayerNorms' epsilon
 */
public record TransformerLayerConfig(int dModel, int heads, int ffnDim, double dropout, NonLinearity activation,
                                     boolean preNorm, float normEps) {

    public TransformerLayerConfig {
        if (dModel <= 0 || heads <= 0 || ffnDim <= 0) {
            throw new IllegalArgumentException("transformer sizes must be positive: dModel " + dModel + ", heads "
                    + heads + ", ffnDim " + ffnDim);
        }
        if (dModel % heads != 0) {
            throw new IllegalArgumentException("dModel " + dModel + " is not divisible by heads " + heads);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
        }
    }

    /** Post-norm, ReLU, no dropout, eps 1e-5: DETR's layer. */
    public static TransformerLayerConfig of(int dModel, int heads, int ffnDim) {
        return new TransformerLayerConfig(dModel, heads, ffnDim, 0, NonLinearity.RELU, false, LayerNorm.DEFAULT_EPS);
    }

    public TransformerLayerConfig dropout(double rate) {
        return new TransformerLayerConfig(dModel, heads, ffnDim, rate, activation, preNorm, normEps);
    }

    public TransformerLayerConfig activation(NonLinearity a) {
        return new TransformerLayerConfig(dModel, heads, ffnDim, dropout, a, preNorm, normEps);
    }

    public TransformerLayerConfig preNorm(boolean pre) {
        return new TransformerLayerConfig(dModel, heads, ffnDim, dropout, activation, pre, normEps);
    }

    public TransformerLayerConfig normEps(float eps) {
        return new TransformerLayerConfig(dModel, heads, ffnDim, dropout, activation, preNorm, eps);
    }
}
