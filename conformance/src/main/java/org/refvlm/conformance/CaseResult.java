package org.refvlm.conformance;

/**
 * Outcome of one conformance case (or one sub-check of it).
 *
 * @param name       case name, with a bracketed suffix for extra checks (e.g. "greedy[no-cache]")
 * @param maxAbsDiff largest absolute difference found (for exact cases: number of mismatches)
 * @param tolerance  the manifest's atol; 0 for exact cases
 * @param exact      whether the manifest demands exact equality
 * @param passed     verdict
 * @param detail     what was compared or what went wrong
 */
public record CaseResult(String name, double maxAbsDiff, double tolerance, boolean exact, boolean passed,
                         String detail) {

    static CaseResult numeric(String name, double diff, double atol, String detail) {
        return new CaseResult(name, diff, atol, false, diff <= atol && !Double.isNaN(diff), detail);
    }

    static CaseResult exact(String name, long mismatches, String detail) {
        return new CaseResult(name, mismatches, 0, true, mismatches == 0, detail);
    }

    static CaseResult error(String name, String detail) {
        return new CaseResult(name, Double.NaN, 0, false, false, detail);
    }
}
