package org.refvlm.data.convert;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Outcome of one part of a conversion ({@link KeyRange}, {@link Slice}): the samples it wrote and the
 * source records it skipped. A converter may find problems in phases (COCO: reading the records, then
 * making their masks) and a whole conversion lists every problem of a phase before those of the next;
 * keeping the phases apart lets {@link #merge} list the problems of parts in exactly that order.
 *
 * @param source  the report's source name ({@code coco-instances}, {@code refcoco+}, ...)
 * @param samples samples written
 * @param phases  the problems of each phase, in phase order
 */
public record ConversionPart(String source, long samples, List<ProblemLog> phases) implements Serializable {
    public ConversionPart {
        phases = List.copyOf(phases);
    }

    /** The report of a whole conversion done in this one part. */
    public ConversionReport report() {
        return merge(List.of(this));
    }

    /** The report of a conversion done in {@code parts}, given in conversion order. */
    public static ConversionReport merge(List<ConversionPart> parts) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("no parts to merge");
        }
        ConversionPart head = parts.get(0);
        List<ProblemLog> phases = new ArrayList<>();
        for (int i = 0; i < head.phases().size(); i++) {
            phases.add(new ProblemLog());
        }
        long samples = 0;
        for (ConversionPart p : parts) {
            if (!p.source().equals(head.source()) || p.phases().size() != phases.size()) {
                throw new IllegalArgumentException("parts of different conversions: " + head.source() + " and " + p.source());
            }
            samples += p.samples();
            for (int i = 0; i < phases.size(); i++) {
                phases.get(i).addAll(p.phases().get(i));
            }
        }
        long count = 0;
        List<SourceProblem> problems = new ArrayList<>();
        for (ProblemLog log : phases) {
            count += log.count();
            problems.addAll(log.kept());
        }
        return new ConversionReport(head.source(), samples, count, problems);
    }
}
