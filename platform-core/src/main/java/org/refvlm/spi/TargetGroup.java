package org.refvlm.spi;

import java.util.List;
import org.refvlm.api.DecodedUnit;

/**
 * The ground truth of one phrase group in training: which queries of sample
 * {@code batchIndex} belong to the group, and the targets they are matched against (grouped
 * Hungarian matching: predictions only compete for targets of their own phrase).
 */
public record TargetGroup(int batchIndex, int[] queries, List<DecodedUnit> targets) {

    public TargetGroup {
        queries = queries.clone();
        targets = List.copyOf(targets);
    }

    @Override
    public int[] queries() {
        return queries.clone();
    }

    /**
     * Checks that this group, the {@code index}-th of a batch, refers to one of its samples and to
     * distinct query slots.
     *
     * @throws IllegalArgumentException naming the group and the problem
     */
    public void check(int index, long batchSize, int queryLength) {
        if (batchIndex < 0 || batchIndex >= batchSize) {
            throw new IllegalArgumentException("target group " + index + " refers to sample " + batchIndex
                    + " of a batch of " + batchSize);
        }
        boolean[] seen = new boolean[queryLength];
        for (int q : queries) {
            if (q < 0 || q >= queryLength) {
                throw new IllegalArgumentException("target group " + index + " names query " + q + " of " + queryLength);
            }
            if (seen[q]) {
                throw new IllegalArgumentException("target group " + index + " names query " + q + " twice");
            }
            seen[q] = true;
        }
    }
}
