package org.refvlm.core.vision;

/**
 * Mask-guided aggregation settings (paper eqs. 1-3).
 *
 * @param gridSide    the feature map is cut into {@code gridSide x gridSide} patches, N = gridSide^2
 * @param temperature s in PE(n, c) = cos(n / s^(2c/C))
 * @param alpha       weight of the position encoding; the paper uses 1
 */
public record AggregationConfig(int gridSide, double temperature, double alpha) {

    public AggregationConfig {
        if (gridSide <= 0 || !(temperature > 0)) {
            throw new IllegalArgumentException("gridSide and temperature must be positive");
        }
    }

    /** N = 9 patches (3 x 3), s = 10000, alpha = 1. */
    public static AggregationConfig paper() {
        return new AggregationConfig(3, 10_000, 1.0);
    }

    public int patches() {
        return gridSide * gridSide;
    }
}
