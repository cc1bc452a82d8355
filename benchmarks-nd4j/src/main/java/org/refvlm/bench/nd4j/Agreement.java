package org.refvlm.bench.nd4j;

/**
 * How closely two engines' results agree. The bound is absolute up to magnitude one and relative
 * beyond, because the gradients of sum(output) grow with the sequence length and float32
 * rounding grows with them.
 */
public record Agreement(String what, double maxAbsDiff, double maxAbsValue, double tolerance) {

    public static Agreement of(String what, float[] expected, float[] actual, double tolerance) {
        if (expected.length != actual.length) {
            throw new IllegalStateException(what + ": " + expected.length + " values against " + actual.length);
        }
        double maxDiff = 0;
        double maxValue = 0;
        for (int i = 0; i < expected.length; i++) {
            double diff = Math.abs(expected[i] - actual[i]);
            // NaN compares false; treat it as a failure rather than letting it vanish.
            maxDiff = Double.isNaN(diff) ? Double.POSITIVE_INFINITY : Math.max(maxDiff, diff);
            maxValue = Math.max(maxValue, Math.abs(expected[i]));
        }
        return new Agreement(what, maxDiff, maxValue, tolerance);
    }

    public boolean passes() {
        return maxAbsDiff <= tolerance * Math.max(1.0, maxAbsValue);
    }
}
