package org.refvlm.spark.convert;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.refvlm.data.TaskType;
import org.refvlm.data.cli.ConvertArguments;
import org.refvlm.data.cli.VqaV2Arguments;
import org.refvlm.data.convert.ConvertOptions;
import org.refvlm.data.convert.KeyRange;
import org.refvlm.data.convert.VqaV2Converter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code refvlm-spark convert vqav2}. Questions and annotations are two JSON documents joined on the
 * question id: the driver reads the question ids, cuts them into {@link KeyRange}s of about equal size, and
 * every task streams both files, joining and converting the questions of its own range.
 */
@Command(name = "vqav2", description = "VQAv2 questions and answers over Spark partitions; "
        + "same arguments and samples as 'data convert vqav2'.")
final class VqaV2Job extends SourceJob {

    @Mixin
    private VqaV2Arguments vqa;

    @Override
    protected ConvertOptions options(ConvertArguments common) {
        return common.options(Set.of(TaskType.VQA));
    }

    @Override
    protected List<SamplesFile> plan() throws IOException {
        long[] questions = VqaV2Converter.questionIds(vqa.questions());
        String q = vqa.questions().toAbsolutePath().toString();
        String a = vqa.annotations().toAbsolutePath().toString();
        String info = vqa.imageInfo() == null ? null : vqa.imageInfo().toAbsolutePath().toString();
        return List.of(new SamplesFile(VqaV2Arguments.STEM, questions.length,
                p -> KeyRange.split(questions, p).stream().map(r -> part(q, a, info, r)).toList()));
    }

    private static PartConversion part(String questions, String annotations, String imageInfo, KeyRange range) {
        return (options, out) -> new VqaV2Converter(options).convert(Path.of(questions), Path.of(annotations),
                imageInfo == null ? null : Path.of(imageInfo), range, out);
    }
}
