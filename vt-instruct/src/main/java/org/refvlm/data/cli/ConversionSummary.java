package org.refvlm.data.cli;

import java.io.PrintStream;
import java.util.List;
import org.refvlm.data.convert.ConversionReport;
import org.refvlm.data.convert.SourceProblem;

/**
 * What {@code data convert} prints when it is done, and the Spark job ({@code refvlm-spark convert}) too:
 * per source the samples written and the records skipped, then the first skipped records with their
 * location.
 */
public final class ConversionSummary {
    private static final int PROBLEMS_SHOWN = 20;

    private ConversionSummary() {
    }

    /** Prints the reports to {@code out}; returns the samples written in all. */
    public static long print(List<ConversionReport> reports, PrintStream out) {
        long total = 0;
        for (ConversionReport r : reports) {
            out.printf("%s: %d samples, %d source records skipped%n", r.source(), r.samples(), r.problemCount());
            int shown = 0;
            for (SourceProblem p : r.problems()) {
                if (shown++ == PROBLEMS_SHOWN) {
                    out.println("  ...");
                    break;
                }
                out.println("  skipped " + p);
            }
            total += r.samples();
        }
        return total;
    }
}
