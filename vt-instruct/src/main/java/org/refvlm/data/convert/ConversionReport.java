package org.refvlm.data.convert;

import java.util.List;

/** Outcome of one conversion: samples written and the source records skipped (all counted, the first kept). */
public record ConversionReport(String source, long samples, long problemCount, List<SourceProblem> problems) {
    public ConversionReport {
        problems = List.copyOf(problems);
    }
}
