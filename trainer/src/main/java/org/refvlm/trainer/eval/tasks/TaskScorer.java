package org.refvlm.trainer.eval.tasks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.refvlm.api.Response;
import org.refvlm.trainer.eval.Metric;

/** Scores the answers of one evaluation task, one answered turn at a time. */
public interface TaskScorer {

    void add(TurnItem item, Response response);

    /**
     * The numbers in the order the task's table shows them; NaN where there was nothing to measure.
     * Called after {@link #writeFiles}, since some numbers are read from the files written there.
     */
    List<Metric> metrics();

    /** The main number so far, for progress lines. */
    String running();

    /** Files beside the report (COCO ground truth and results); nothing by default. */
    default void writeFiles(Path folder) throws IOException {
    }
}
