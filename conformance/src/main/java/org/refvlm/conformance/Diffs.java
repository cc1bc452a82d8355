package org.refvlm.conformance;

/** Maximum absolute differences, optionally restricted to unmasked positions. */
final class Diffs {
    private Diffs() {
    }

    static double maxAbs(float[] a, float[] b) {
        if (a.length != b.length) {
            return Double.POSITIVE_INFINITY;
        }
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            double d = Math.abs((double) a[i] - b[i]);
            if (Double.isNaN(d)) {
                return Double.NaN;
            }
            m = Math.max(m, d);
        }
        return m;
    }

    /**
     * a, b laid out [B, L, X]; mask [B, L] (null = all); only rows with mask 1 are compared
     * (outputs at padded positions are undefined by construction).
     */
    static double maxAbsMasked(float[] a, float[] b, long[] mask, int positions) {
        if (mask == null) {
            return maxAbs(a, b);
        }
        if (a.length != b.length || a.length % positions != 0) {
            return Double.POSITIVE_INFINITY;
        }
        int x = a.length / positions;
        double m = 0;
        for (int p = 0; p < positions; p++) {
            if (mask[p] == 0) {
                continue;
            }
            for (int i = p * x; i < (p + 1) * x; i++) {
                double d = Math.abs((double) a[i] - b[i]);
                if (Double.isNaN(d)) {
                    return Double.NaN;
                }
                m = Math.max(m, d);
            }
        }
        return m;
    }
}
