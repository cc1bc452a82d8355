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
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code data convert}: turns original dataset files into VT-Instruct samples in {@code <out>/<source>.jsonl}.
 * Bad source records are listed and counted but do not stop the conversion; exit 1 means nothing usable
 * came out (unreadable file, no samples).
 */
public final class ConvertCommand {
    static final String USAGE = """
            usage: data convert <coco|refcoco|flickr30k|vqav2> ... --out <folder> [--seed <s>] [--no-task-block]
              coco       --images <dir> [--instances <instances_*.json>] [--captions <captions_*.json>]
                         [--keypoints <person_keypoints_*.json>]
                         [--tasks fovd,fovs,ovd,ovs,ig-box,ig-mask,reg-point,reg-box,reg-scribble,reg-mask,keypoint,ig-keypoint]
              refcoco    --refs <refs(unc).p> --instances <instances.json> --images <dir>
                         [--dataset refcoco|refcoco+|refcocog] [--splits train,val,testA,...] [--tasks rec,res,reg-box,reg-mask]
              flickr30k  --annotations <Annotations dir> --sentences <Sentences dir> --images <dir>
                         [--ids <split file, one id per line>] [--tasks gcg-box,caption]
              vqav2      --questions <questions json> --annotations <annotations json> --images <dir>
                         [--image-info <COCO json with an images list, for sizes>]
            """;
    private static final int PROBLEMS_SHOWN = 20;

    public int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.isEmpty()) {
            err.print(USAGE);
            return 2;
        }
        String source = args.get(0);
        CommandArgs a;
        try {
            a = CommandArgs.parse(args.subList(1, args.size()), Set.of("--out", "--seed", "--images", "--instances",
                    "--captions", "--keypoints", "--tasks", "--refs", "--dataset", "--splits", "--annotations",
                    "--sentences", "--ids", "--questions", "--image-info"), Set.of("--no-task-block"));
            if (!a.positional().isEmpty()) {
                throw new UsageException("unexpected argument " + a.positional().get(0));
            }
            Path outFolder = Path.of(a.require("--out"));
            long seed = a.longValue("--seed", 0);
            boolean taskBlock = !a.flag("--no-task-block");
            Path images = Path.of(a.require("--images"));
            List<ConversionReport> reports = new ArrayList<>();
            Files.createDirectories(outFolder);
            switch (source) {
                case "coco" -> {
                    if (a.get("--instances") == null && a.get("--captions") == null && a.get("--keypoints") == null) {
                        throw new UsageException("coco needs --instances, --captions or --keypoints");
                    }
                    Set<TaskType> supported = new HashSet<>(CocoConverter.INSTANCE_TASKS);
                    supported.addAll(CocoConverter.KEYPOINT_TASKS);
                    CocoConverter c = new CocoConverter(new ConvertOptions(images, outFolder, tasks(a, supported), taskBlock, seed));
                    if (a.get("--instances") != null) {
                        try (SampleWriter w = SampleWriter.create(outFolder.resolve("coco-instances.jsonl"))) {
                            reports.add(c.convertInstances(Path.of(a.get("--instances")), w));
                        }
                    }
                    if (a.get("--captions") != null) {
                        try (SampleWriter w = SampleWriter.create(outFolder.resolve("coco-captions.jsonl"))) {
                            reports.add(c.convertCaptions(Path.of(a.get("--captions")), w));
                        }
                    }
                    if (a.get("--keypoints") != null) {
                        try (SampleWriter w = SampleWriter.create(outFolder.resolve("coco-keypoints.jsonl"))) {
                            reports.add(c.convertKeypoints(Path.of(a.get("--keypoints")), w));
                        }
                    }
                }
                case "refcoco" -> {
                    String dataset = a.get("--dataset") == null ? "refcoco" : a.get("--dataset");
                    Set<String> splits = a.get("--splits") == null ? Set.of() : Set.of(a.get("--splits").split(","));
                    RefCocoConverter c = new RefCocoConverter(new ConvertOptions(images, outFolder,
                            tasks(a, RefCocoConverter.TASKS), taskBlock, seed));
                    try (SampleWriter w = SampleWriter.create(outFolder.resolve(dataset + ".jsonl"))) {
                        reports.add(c.convert(Path.of(a.require("--refs")), Path.of(a.require("--instances")), dataset, splits, w));
                    }
                }
                case "flickr30k" -> {
                    List<String> ids = new ArrayList<>();
                    if (a.get("--ids") != null) {
                        for (String l : Files.readAllLines(Path.of(a.get("--ids")), StandardCharsets.UTF_8)) {
                            if (!l.isBlank()) {
                                ids.add(l.strip());
                            }
                        }
                    }
                    Flickr30kConverter c = new Flickr30kConverter(new ConvertOptions(images, outFolder,
                            tasks(a, Flickr30kConverter.TASKS), taskBlock, seed));
                    try (SampleWriter w = SampleWriter.create(outFolder.resolve("flickr30k.jsonl"))) {
                        reports.add(c.convert(Path.of(a.require("--annotations")), Path.of(a.require("--sentences")), ids, w));
                    }
                }
                case "vqav2" -> {
                    VqaV2Converter c = new VqaV2Converter(new ConvertOptions(images, outFolder, Set.of(TaskType.VQA), taskBlock, seed));
                    Path info = a.get("--image-info") == null ? null : Path.of(a.get("--image-info"));
                    try (SampleWriter w = SampleWriter.create(outFolder.resolve("vqav2.jsonl"))) {
                        reports.add(c.convert(Path.of(a.require("--questions")), Path.of(a.require("--annotations")), info, w));
                    }
                }
                default -> throw new UsageException("unknown source '" + source + "'");
            }
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
                return 1;
            }
            return 0;
        } catch (UsageException e) {
            err.println("data convert: " + e.getMessage());
            err.print(USAGE);
            return 2;
        } catch (IOException | UncheckedIOException e) {
            err.println("data convert: " + e.getMessage());
            return 1;
        }
    }

    private static Set<TaskType> tasks(CommandArgs a, Set<TaskType> supported) throws UsageException {
        if (a.get("--tasks") == null) {
            return supported;
        }
        Set<TaskType> chosen = new HashSet<>();
        for (String id : a.get("--tasks").split(",")) {
            TaskType t;
            try {
                t = TaskType.fromId(id);
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
            if (!supported.contains(t)) {
                throw new UsageException("task " + id + " is not produced by this converter");
            }
            chosen.add(t);
        }
        return chosen;
    }
}
