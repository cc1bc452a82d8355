package org.refvlm.data.convert;

import org.refvlm.data.Sample;
import org.refvlm.data.SampleProblem;
import org.refvlm.data.SampleReader;
import org.refvlm.data.SampleWriter;
import org.refvlm.data.TaskType;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Access to the original-format fixture files and a round trip through writer and validating reader. */
final class Fixtures {
    private Fixtures() {
    }

    static Path dir(String name) {
        try {
            return Path.of(Fixtures.class.getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static ConvertOptions options(Path out, Set<TaskType> tasks) {
        return new ConvertOptions(out.resolve("images"), out, tasks, true, 1);
    }

    interface Conversion {
        ConversionReport run(SampleWriter w) throws Exception;
    }

    record Result(ConversionReport report, List<Sample> samples) {
    }

    /** Runs a conversion into a file and reads it back; every written sample must pass validation. */
    static Result convert(Path out, Conversion c) throws Exception {
        Path file = out.resolve("out.jsonl");
        ConversionReport report;
        try (SampleWriter w = SampleWriter.create(file)) {
            report = c.run(w);
        }
        List<SampleProblem> problems = new ArrayList<>();
        List<Sample> samples = new ArrayList<>();
        try (SampleReader r = SampleReader.open(file, false, problems::add)) {
            r.forEachRemaining(samples::add);
        }
        assertThat(problems).isEmpty();
        assertThat(samples).hasSize((int) report.samples());
        return new Result(report, samples);
    }
}
