package org.refvlm.nn;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/** Element-wise comparison of an engine array with reference values, naming the worst element. */
final class ArrayAssert {

    /**
     * The absolute tolerance for float32 results against the float64 numpy references, whose
     * outputs are of order 1 (at most 6): the reference is exact to float32 rounding, and the
     * kit's own rounding through a few layers is a few float32 ulps. The largest error measured
     * over every reference comparison is 5e-7 (GroupNorm), twenty times below.
     */
    static final double FLOAT32_TOLERANCE = 1e-5;

    private ArrayAssert() {
    }

    /** {@code actual} has the reference's shape and every element within {@link #FLOAT32_TOLERANCE}. */
    static void assertMatches(NDArray actual, KitReference.Expected expected) {
        assertClose(actual, expected.shape(), expected.values(), FLOAT32_TOLERANCE, expected.what());
    }

    static void assertClose(NDArray actual, Shape shape, float[] expected, double tolerance, String what) {
        assertThat(actual.getShape()).as(what + " shape").isEqualTo(shape);
        assertClose(actual.toFloatArray(), expected, tolerance, what);
    }

    static void assertClose(float[] actual, float[] expected, double tolerance, String what) {
        assertThat(actual).as(what + " size").hasSameSizeAs(expected);
        int worst = -1;
        double worstError = -1;
        for (int i = 0; i < actual.length; i++) {
            double error = Math.abs((double) actual[i] - expected[i]);
            if (Double.isNaN(error)) {
                error = Double.POSITIVE_INFINITY;  // a NaN on either side is as wrong as can be
            }
            if (error > worstError) {
                worst = i;
                worstError = error;
            }
        }
        if (worst >= 0) {
            assertThat(worstError)
                    .as("%s: largest error at flat index %d: expected %s, actual %s", what, worst, expected[worst],
                            actual[worst])
                    .isLessThanOrEqualTo(tolerance);
        }
    }
}
