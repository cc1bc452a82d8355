package org.refvlm.data.cli;

import org.refvlm.data.SampleWriter;
import org.refvlm.data.TaskType;
import org.refvlm.data.convert.CocoConverter;
import org.refvlm.data.convert.ConversionReport;
import org.refvlm.data.convert.ConvertOptions;
import org.refvlm.data.convert.Flickr30kConverter;
import org.refvlm.data.convert.RefCocoConverter;
import org.refvlm.data.convert.SourceProblem;
import org.refvlm.data.convert.VqaV2Converter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.refvlm.cli.CommandLines;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code data convert}: turns original dataset files into VT-Instruct samples in {@code <out>/<source>.jsonl}.
 * Bad source records are listed and counted but do not stop the conversion; exit 1 means nothing usable
 * came out (unreadable file, no samples).
 */
@Command(name = "convert", description = "Converts public datasets from their original files: coco, refcoco, "
        + "flickr30k or vqav2 (each a subcommand with its own options).")
public final class ConvertCommand extends DataSubcommand {
    private static final int PROBLEMS_SHOWN = 20;

    @Spec
    private CommandSpec spec;

    /** What every source takes. */
    static final class Common {
        @Option(names = "--out", required = true, paramLabel = "FOLDER", description = "where the samples go")
        Path out;

        @Option(names = "--images", required = true, paramLabel = "DIR", description = "the source's picture folder")
        Path images;

        @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "seed of template choices (default 0)")
        long seed;

        @Option(names = "--no-task-block", description = "write answers without the <Task> block")
        boolean noTaskBlock;

        @Option(names = "--tasks", paramLabel = "IDS", split = ",", converter = TaskConverter.class,
                description = "task types to produce (default: all the source supports)")
        Set<TaskType> tasks;

        @Spec(Spec.Target.MIXEE)
        CommandSpec source;

        ConvertOptions options(Set<TaskType> supported) {
            if (tasks != null) {
                for (TaskType t : tasks) {
                    if (!supported.contains(t)) {
                        throw new ParameterException(source.commandLine(),
                                "task " + t.id() + " is not produced by this converter");
                    }
                }
            }
            return new ConvertOptions(images, out, tasks == null ? supported : Set.copyOf(tasks), !noTaskBlock, seed);
        }
    }

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "name a source: coco, refcoco, flickr30k or vqav2");
    }

    @Command(name = "coco", description = "COCO instances, captions and keypoints.")
    int coco(@Mixin Common c,
            @Option(names = "--instances", paramLabel = "instances_*.json") Path instances,
            @Option(names = "--captions", paramLabel = "captions_*.json") Path captions,
            @Option(names = "--keypoints", paramLabel = "person_keypoints_*.json") Path keypoints) throws IOException {
        if (instances == null && captions == null && keypoints == null) {
            throw new ParameterException(spec.commandLine().getSubcommands().get("coco"),
                    "coco needs --instances, --captions or --keypoints");
        }
        Set<TaskType> supported = new HashSet<>(CocoConverter.INSTANCE_TASKS);
        supported.addAll(CocoConverter.KEYPOINT_TASKS);
        CocoConverter converter = new CocoConverter(c.options(supported));
        Files.createDirectories(c.out);
        List<ConversionReport> reports = new ArrayList<>();
        if (instances != null) {
            try (SampleWriter w = SampleWriter.create(c.out.resolve("coco-instances.jsonl"))) {
                reports.add(converter.convertInstances(instances, w));
            }
        }
        if (captions != null) {
            try (SampleWriter w = SampleWriter.create(c.out.resolve("coco-captions.jsonl"))) {
                reports.add(converter.convertCaptions(captions, w));
            }
        }
        if (keypoints != null) {
            try (SampleWriter w = SampleWriter.create(c.out.resolve("coco-keypoints.jsonl"))) {
                reports.add(converter.convertKeypoints(keypoints, w));
            }
        }
        return report(reports);
    }

    @Command(name = "refcoco", description = "RefCOCO, RefCOCO+ or RefCOCOg referring expressions.")
    int refcoco(@Mixin Common c,
            @Option(names = "--refs", required = true, paramLabel = "refs(unc).p") Path refs,
            @Option(names = "--instances", required = true, paramLabel = "instances.json") Path instances,
            @Option(names = "--dataset", paramLabel = "refcoco|refcoco+|refcocog", defaultValue = "refcoco") String dataset,
            @Option(names = "--splits", paramLabel = "train,val,testA,...", split = ",") Set<String> splits)
            throws IOException {
        RefCocoConverter converter = new RefCocoConverter(c.options(RefCocoConverter.TASKS));
        Files.createDirectories(c.out);
        try (SampleWriter w = SampleWriter.create(c.out.resolve(dataset + ".jsonl"))) {
            return report(List.of(converter.convert(refs, instances, dataset, splits == null ? Set.of() : splits, w)));
        }
    }

    @Command(name = "flickr30k", description = "Flickr30k Entities: grounded captions.")
    int flickr30k(@Mixin Common c,
            @Option(names = "--annotations", required = true, paramLabel = "DIR") Path annotations,
            @Option(names = "--sentences", required = true, paramLabel = "DIR") Path sentences,
            @Option(names = "--ids", paramLabel = "FILE", description = "split file, one image id per line") Path idFile)
            throws IOException {
        List<String> ids = new ArrayList<>();
        if (idFile != null) {
            for (String l : Files.readAllLines(idFile, StandardCharsets.UTF_8)) {
                if (!l.isBlank()) {
                    ids.add(l.strip());
                }
            }
        }
        Flickr30kConverter converter = new Flickr30kConverter(c.options(Flickr30kConverter.TASKS));
        Files.createDirectories(c.out);
        try (SampleWriter w = SampleWriter.create(c.out.resolve("flickr30k.jsonl"))) {
            return report(List.of(converter.convert(annotations, sentences, ids, w)));
        }
    }

    @Command(name = "vqav2", description = "VQAv2 questions and answers.")
    int vqav2(@Mixin Common c,
            @Option(names = "--questions", required = true, paramLabel = "FILE") Path questions,
            @Option(names = "--annotations", required = true, paramLabel = "FILE") Path annotations,
            @Option(names = "--image-info", paramLabel = "FILE", description = "COCO json with an images list, for sizes")
            Path info) throws IOException {
        VqaV2Converter converter = new VqaV2Converter(c.options(Set.of(TaskType.VQA)));
        Files.createDirectories(c.out);
        try (SampleWriter w = SampleWriter.create(c.out.resolve("vqav2.jsonl"))) {
            return report(List.of(converter.convert(questions, annotations, info, w)));
        }
    }

    private int report(List<ConversionReport> reports) {
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
        if (total == 0) {
            err.println("data convert: no samples produced");
            return CommandLines.FAILED;
        }
        return CommandLines.OK;
    }
}
