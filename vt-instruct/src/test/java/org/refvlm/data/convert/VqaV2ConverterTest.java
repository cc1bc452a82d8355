package org.refvlm.data.convert;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.refvlm.data.Sample;
import org.refvlm.data.TaskType;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class VqaV2ConverterTest {
    final Path dir = Fixtures.dir("vqav2");

    @Test
    void questionsJoinAnnotations(@TempDir Path out) throws Exception {
        VqaV2Converter c = new VqaV2Converter(Fixtures.options(out, Set.of(TaskType.VQA)));
        Fixtures.Result r = Fixtures.convert(out, w -> c.convert(dir.resolve("v2_OpenEnded_mscoco_val2014_questions.json"),
                dir.resolve("v2_mscoco_val2014_annotations.json"), Fixtures.dir("coco").resolve("instances_val2017.json"), w));
        List<Sample> samples = r.samples().stream().sorted(Comparator.comparing(Sample::id)).toList();
        assertThat(samples).extracting(Sample::id).containsExactly("vqav2-139000", "vqav2-139001", "vqav2-285000");
        assertThat(samples.get(0).turns().get(0).answer()).endsWith("The answer is 1.");
        assertThat(samples.get(0).turns().get(0).user()).contains("How many dogs are there?");
        assertThat(samples.get(0).image().path()).isEqualTo("images/COCO_val2014_000000000139.jpg");
        assertThat(samples.get(0).image().width()).isEqualTo(64);
        assertThat(samples.get(2).turns().get(0).answer()).endsWith("The answer is cat.");
        assertThat(r.report().problemCount()).isEqualTo(3);
        assertThat(r.report().problems()).extracting(SourceProblem::toString)
                .anyMatch(p -> p.startsWith("v2_OpenEnded_mscoco_val2014_questions.json:line ") && p.contains("285001 has no annotation"))
                .anyMatch(p -> p.startsWith("v2_mscoco_val2014_annotations.json:line ") && p.contains("unknown question 999999"))
                .anyMatch(p -> p.contains("without numeric 'question_id'"));
    }

    @Test
    void sizesStayUnknownWithoutImageInfo(@TempDir Path out) throws Exception {
        VqaV2Converter c = new VqaV2Converter(Fixtures.options(out, Set.of(TaskType.VQA)));
        Fixtures.Result r = Fixtures.convert(out, w -> c.convert(dir.resolve("v2_OpenEnded_mscoco_val2014_questions.json"),
                dir.resolve("v2_mscoco_val2014_annotations.json"), null, w));
        assertThat(r.samples()).allSatisfy(s -> assertThat(s.image().sizeKnown()).isFalse());
    }
}
