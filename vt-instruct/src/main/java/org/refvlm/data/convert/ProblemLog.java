package org.refvlm.data.convert;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects the records a conversion skipped. Every one is logged and counted; the first few hundred are kept
 * for the report so that a broken file cannot fill the memory with messages.
 */
public final class ProblemLog implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ProblemLog.class);
    private static final int KEPT = 500;

    private final List<SourceProblem> kept = new ArrayList<>();
    private long count;

    public void add(String file, String location, String message) {
        SourceProblem p = new SourceProblem(file, location, message);
        count++;
        LOG.warn("skipping source record {}", p);
        if (kept.size() < KEPT) {
            kept.add(p);
        }
    }

    /**
     * Appends the problems {@code later} collected after this log's, as if they had been added here (they
     * were logged when first added, so they are not logged again).
     */
    public void addAll(ProblemLog later) {
        count += later.count;
        for (SourceProblem p : later.kept) {
            if (kept.size() == KEPT) {
                break;
            }
            kept.add(p);
        }
    }

    public long count() {
        return count;
    }

    public List<SourceProblem> kept() {
        return List.copyOf(kept);
    }
}
