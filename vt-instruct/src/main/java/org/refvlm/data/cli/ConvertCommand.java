package org.refvlm.data.cli;

import org.refvlm.data.SampleWriter;
import org.refvlm.data.TaskType;
import org.refvlm.data.convert.CocoConverter;
import org.refvlm.data.convert.CocoFile;
import org.refvlm.data.convert.ConversionReport;
import org.refvlm.data.convert.Flickr30kConverter;
import org.refvlm.data.convert.KeyRange;
import org.refvlm.data.convert.RefCocoConverter;
import org.refvlm.data.convert.VqaV2Converter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.refvlm.cli.CommandLines;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code data convert}: turns original dataset files into VT-Instruct samples in {@code <out>/<source>.jsonl}.
 * Bad source records are listed and counted but do not stop the conversion; exit 1 means nothing usable
 * came out (unreadable file, no samples). The arguments are mixins shared with {@code refvlm-spark convert}.
 */
@Command(name = "convert", description = "Converts public datasets from their original files: coco, refcoco, "
        + "flickr30k or vqav2 (each a subcommand with its own options).")
public final class ConvertCommand extends DataSubcommand {

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "name a source: coco, refcoco, flickr30k or vqav2");
    }

    @Command(name = "coco", description = "COCO instances, captions and keypoints.")
    int coco(@Mixin ConvertArguments c, @Mixin CocoArguments coco) throws IOException {
        Map<CocoFile, Path> files = coco.files();
        CocoConverter converter = new CocoConverter(c.options(CocoArguments.tasks()));
        Files.createDirectories(c.out());
        List<ConversionReport> reports = new ArrayList<>();
        for (Map.Entry<CocoFile, Path> f : files.entrySet()) {
            try (SampleWriter w = SampleWriter.create(c.out().resolve(f.getKey().stem() + ".jsonl"))) {
                reports.add(f.getKey().convert(converter, f.getValue(), KeyRange.ALL, w).report());
            }
        }
        return report(reports);
    }

    @Command(name = "refcoco", description = "RefCOCO, RefCOCO+ or RefCOCOg referring expressions.")
    int refcoco(@Mixin ConvertArguments c, @Mixin RefCocoArguments refcoco) throws IOException {
        RefCocoConverter converter = new RefCocoConverter(c.options(RefCocoConverter.TASKS));
        Files.createDirectories(c.out());
        try (SampleWriter w = SampleWriter.create(c.out().resolve(refcoco.dataset() + ".jsonl"))) {
            return report(List.of(converter.convert(refcoco.refs(), refcoco.instances(), refcoco.dataset(), refcoco.splits(), w)));
        }
    }

    @Command(name = "flickr30k", description = "Flickr30k Entities: grounded captions.")
    int flickr30k(@Mixin ConvertArguments c, @Mixin Flickr30kArguments flickr) throws IOException {
        List<String> ids = flickr.ids();
        Flickr30kConverter converter = new Flickr30kConverter(c.options(Flickr30kConverter.TASKS));
        Files.createDirectories(c.out());
        try (SampleWriter w = SampleWriter.create(c.out().resolve(Flickr30kArguments.STEM + ".jsonl"))) {
            return report(List.of(converter.convert(flickr.annotations(), flickr.sentences(), ids, w)));
        }
    }

    @Command(name = "vqav2", description = "VQAv2 questions and answers.")
    int vqav2(@Mixin ConvertArguments c, @Mixin VqaV2Arguments vqa) throws IOException {
        VqaV2Converter converter = new VqaV2Converter(c.options(Set.of(TaskType.VQA)));
        Files.createDirectories(c.out());
        try (SampleWriter w = SampleWriter.create(c.out().resolve(VqaV2Arguments.STEM + ".jsonl"))) {
            return report(List.of(converter.convert(vqa.questions(), vqa.annotations(), vqa.imageInfo(), w)));
        }
    }

    private int report(List<ConversionReport> reports) {
        if (ConversionSummary.print(reports, out) == 0) {
            err.println("data convert: no samples produced");
            return CommandLines.FAILED;
        }
        return CommandLines.OK;
    }
}
