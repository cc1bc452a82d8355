package org.refvlm.trp.internal;

import java.util.HashSet;
import java.util.Set;

/**
 * Checks the indices {@code [0] [1] [2] ...} of the references under one unit declaration,
 * which must count up from 0 without gaps or repeats. Linear in the number of references: the
 * common case (each index one more than the last) touches no set at all.
 */
public final class IndexSequence {

    /** What an index means relative to the ones before it. */
    public enum Verdict { NEXT, GAP, DUPLICATE, OUT_OF_ORDER }

    /** Every index below this has been seen. */
    private int prefix;
    /** Seen indices at or above {@link #prefix}, created on the first irregular index. */
    private Set<Integer> scattered;
    /** One more than the largest index seen. */
    private int expected;

    /** Records {@code index} and says how it fits. */
    public Verdict accept(int index) {
        if (index < prefix || (scattered != null && scattered.contains(index))) {
            return Verdict.DUPLICATE;
        }
        Verdict verdict = index == expected ? Verdict.NEXT : index > expected ? Verdict.GAP : Verdict.OUT_OF_ORDER;
        expected = Math.max(expected, index + 1);
        if (index == prefix) {
            prefix++;
            while (scattered != null && scattered.remove(prefix)) {
                prefix++;
            }
        } else {
            if (scattered == null) {
                scattered = new HashSet<>();
            }
            scattered.add(index);
        }
        return verdict;
    }

    /** The index the next reference should have. */
    public int expected() {
        return expected;
    }
}
