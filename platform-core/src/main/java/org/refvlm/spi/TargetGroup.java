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
}
