package org.refvlm.data.convert;

import net.razorvine.pickle.Unpickler;
import org.refvlm.data.Box;
import org.refvlm.data.BoxPrompt;
import org.refvlm.data.ImageRef;
import org.refvlm.data.MaskPrompt;
import org.refvlm.data.Placeholders;
import org.refvlm.api.CocoRle;
import org.refvlm.data.Sample;
import org.refvlm.data.SampleWriter;
import org.refvlm.data.TaskType;
import org.refvlm.data.Targets;
import org.refvlm.data.TrpAnswerBuilder;
import org.refvlm.data.Turn;
import org.refvlm.data.Unit;
import org.refvlm.data.VisualPrompt;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Converts RefCOCO, RefCOCO+ and RefCOCOg as distributed by the refer toolkit: a {@code refs(unc).p} (or
 * {@code refs(google).p}, {@code refs(umd).p}) pickle read in Java with razorvine's unpickler, plus the
 * {@code instances.json} it points into. One sample per expression and task: REC (box), RES (mask), REG with a
 * box or a mask prompt. The phrase is the expression itself (the reference code writes the word "target").
 *
 * <p>A conversion can run in parts, each converting one {@link Slice} of the refs (of {@link #refCount}):
 * a pickle cannot be read in pieces, so every part loads it whole and streams the instances file, keeping
 * the annotations of its own refs. Parts converted in slice order write what the whole conversion writes.
 */
public final class RefCocoConverter {
    public static final Set<TaskType> TASKS = Set.of(TaskType.REC, TaskType.RES, TaskType.REG_BOX, TaskType.REG_MASK);

    private final ConvertOptions options;
    private final ImagePaths paths;

    public RefCocoConverter(ConvertOptions options) {
        this.options = options;
        this.paths = new ImagePaths(options.imagesRoot(), options.outFolder());
    }

    /**
     * @param dataset name written as the sample source (refcoco, refcoco+, refcocog)
     * @param splits  splits to keep (train, val, test, testA, testB); empty keeps all
     */
    public ConversionReport convert(Path refsPickle, Path instancesJson, String dataset, Set<String> splits, SampleWriter out)
            throws IOException {
        return convert(refsPickle, instancesJson, dataset, splits, Slice.ALL, out).report();
    }

    /** How many refs of the pickle a conversion keeping {@code splits} converts: the sequence parts slice. */
    public static int refCount(Path refsPickle, Set<String> splits) throws IOException {
        int n = 0;
        for (Object o : load(refsPickle)) {
            try {
                if (splits.isEmpty() || splits.contains(ReferringRecord.from(o).split())) {
                    n++;
                }
            } catch (IllegalArgumentException e) {
                // a bad record is no ref; the conversion reports it
            }
        }
        return n;
    }

    /**
     * The part of {@link #convert(Path, Path, String, Set, SampleWriter)} for the refs in {@code part}.
     * Problems of bad pickle records and of the instances file's records are reported by the first part.
     */
    public ConversionPart convert(Path refsPickle, Path instancesJson, String dataset, Set<String> splits, Slice part,
                                  SampleWriter out) throws IOException {
        ProblemLog log = new ProblemLog();
        boolean first = part.first();
        String pickleName = refsPickle.getFileName().toString();
        List<?> list = load(refsPickle);
        List<ReferringRecord> refs = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        Set<Long> neededAnns = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            try {
                ReferringRecord r = ReferringRecord.from(list.get(i));
                if (splits.isEmpty() || splits.contains(r.split())) {
                    refs.add(r);
                    positions.add(i);
                    neededAnns.add(r.annId());
                }
            } catch (IllegalArgumentException e) {
                if (first) {
                    log.add(pickleName, "record " + i, e.getMessage());
                }
            }
        }
        int from = part.from(refs.size()), to = part.to(refs.size());
        Set<Long> partAnns = new HashSet<>();
        for (ReferringRecord r : refs.subList(from, to)) {
            partAnns.add(r.annId());
        }
        // only the annotations the refs use are kept: a few per referred image
        String instName = instancesJson.getFileName().toString();
        Map<Long, CocoImage> images = new HashMap<>();
        Map<Long, CocoAnnotation> anns = new HashMap<>();
        Map<Long, Long> annLines = new HashMap<>();
        Map<String, TopLevelJson.ElementHandler> arrays = new HashMap<>();
        arrays.put("images", (n, line) -> {
            try {
                CocoImage im = CocoImage.parse(n);
                images.put(im.id(), im);
            } catch (IllegalArgumentException e) {
                if (first) {
                    log.add(instName, "line " + line, e.getMessage());
                }
            }
        });
        arrays.put("annotations", (n, line) -> {
            if (n.isObject() && n.path("id").canConvertToLong() && neededAnns.contains(n.get("id").asLong())) {
                // the first part reads every referred annotation, to report each bad one once
                boolean own = partAnns.contains(n.get("id").asLong());
                if (!own && !first) {
                    return;
                }
                try {
                    CocoAnnotation a = CocoAnnotation.parse(n);
                    if (own) {
                        anns.put(a.id(), a);
                        annLines.put(a.id(), line);
                    }
                } catch (IllegalArgumentException e) {
                    if (first) {
                        log.add(instName, "line " + line, e.getMessage());
                    }
                }
            }
        });
        TopLevelJson.stream(instancesJson, arrays, null);

        long samples = 0;
        for (int k = from; k < to; k++) {
            ReferringRecord r = refs.get(k);
            String where = "record " + positions.get(k);
            CocoAnnotation a = anns.get(r.annId());
            if (a == null) {
                log.add(pickleName, where, "ref " + r.refId() + ": annotation " + r.annId() + " not in " + instName);
                continue;
            }
            CocoImage image = images.get(a.imageId());
            if (image == null) {
                log.add(instName, "line " + annLines.get(a.id()), "annotation " + a.id() + " of unknown image " + a.imageId());
                continue;
            }
            Box box = a.box().clip(image.width(), image.height());
            CocoRle mask = null;
            if (options.tasks().contains(TaskType.RES) || options.tasks().contains(TaskType.REG_MASK)) {
                try {
                    mask = CocoSegmentation.toRle(a.segmentation(), image.height(), image.width());
                } catch (IllegalArgumentException e) {
                    log.add(instName, "line " + annLines.get(a.id()), "annotation " + a.id() + ": " + e.getMessage());
                    continue;
                }
            }
            ImageRef img = new ImageRef(paths.of(image.fileName()), image.width(), image.height());
            for (int s = 0; s < r.sentences().size(); s++) {
                ReferringRecord.Sentence sentence = r.sentences().get(s);
                if (sentence.text() == null) {
                    log.add(pickleName, where + " sentence " + s, "ref " + r.refId() + ": sentence without text");
                    continue;
                }
                String expr = TrpAnswerBuilder.cleanText(sentence.text()).strip();
                if (expr.isEmpty()) {
                    log.add(pickleName, where + " sentence " + s, "ref " + r.refId() + ": sentence has no usable text");
                    continue;
                }
                for (TaskType task : List.of(TaskType.REC, TaskType.RES, TaskType.REG_BOX, TaskType.REG_MASK)) {
                    if (!options.tasks().contains(task)) {
                        continue;
                    }
                    String id = dataset + "-" + r.refId() + "-" + sentence.sentId() + "-" + task.id();
                    SplittableRandom rnd = TurnMaker.random(options.seed(), id);
                    TrpAnswerBuilder b = new TrpAnswerBuilder().withTaskBlock(options.taskBlock());
                    List<VisualPrompt> prompts = List.of();
                    Turn turn;
                    Targets targets;
                    switch (task) {
                        case REC -> {
                            targets = new Targets(List.of(box), List.of(), List.of(), List.of(), List.of());
                            turn = TurnMaker.turn(task, rnd, Map.of(Placeholders.EXPR, expr), List.of(), b.phrase(expr, Unit.BOX, List.of(0)).build(), true);
                        }
                        case RES -> {
                            targets = new Targets(List.of(box), List.of(mask), List.of(), List.of(), List.of());
                            turn = TurnMaker.turn(task, rnd, Map.of(Placeholders.EXPR, expr), List.of(), b.phrase(expr, Unit.MASK, List.of(0)).build(), true);
                        }
                        default -> {
                            targets = Targets.NONE;
                            prompts = List.of(task == TaskType.REG_BOX ? new BoxPrompt(box) : new MaskPrompt(mask));
                            turn = TurnMaker.turn(task, rnd, Map.of(), List.of(0), b.text(expr).build(), true);
                        }
                    }
                    out.write(new Sample(id, dataset, task, img, targets, prompts, List.of(turn), Map.of(
                            "ref_id", Long.toString(r.refId()), "ann_id", Long.toString(a.id()),
                            "image_id", Long.toString(image.id()), "split", r.split())));
                    samples++;
                }
            }
        }
        return new ConversionPart(dataset, samples, List.of(log));
    }

    /** The pickle's list of refs, loaded whole. */
    private static List<?> load(Path refsPickle) throws IOException {
        String pickleName = refsPickle.getFileName().toString();
        Object loaded;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(refsPickle))) {
            loaded = new Unpickler().load(in);
        } catch (RuntimeException e) {
            // the unpickler reports garbage input with assorted runtime exceptions; all mean "not a pickle"
            throw new IOException(pickleName + ": not a readable pickle: " + e, e);
        }
        if (!(loaded instanceof List<?> list)) {
            throw new IOException(pickleName + ": expected a list of refs, found " + (loaded == null ? "None" : loaded.getClass().getSimpleName()));
        }
        return list;
    }
}
