package org.refvlm.trp;

/** How the parser treats problems. Both modes find every problem and recover the same way. */
public enum ParseMode {
    /**
     * For text that must be right (training data, prompts, tests): any problem makes
     * {@link TrpParser#parse} and {@link TrpStreamParser#finish} throw {@link TrpSyntaxException}
     * listing every problem.
     */
    STRICT,
    /**
     * For model output: never throws; returns the well-formed part of the text together with the
     * list of problems.
     */
    LENIENT
}
