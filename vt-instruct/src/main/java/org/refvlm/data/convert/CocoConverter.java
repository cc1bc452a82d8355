package org.refvlm.data.convert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.refvlm.api.CocoRle;
import org.refvlm.data.BinaryMask;
import org.refvlm.data.Box;
import org.refvlm.data.MaskPrompts;
import org.refvlm.data.PromptKind;
import org.refvlm.data.TrpAnswer;
import org.refvlm.data.VisualPrompt;
import org.refvlm.data.ImageRef;
import org.refvlm.data.Keypoint;
import org.refvlm.data.KeypointSet;
import org.refvlm.data.Placeholders;
import org.refvlm.data.Sample;
import org.refvlm.data.SampleWriter;
import org.refvlm.data.TaskType;
import org.refvlm.data.Targets;
import org.refvlm.data.TrpAnswerBuilder;
import org.refvlm.data.Turn;
import org.refvlm.data.Unit;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.LongStream;

/**
 * Converts COCO annotation files as downloaded: instances (to freeform and class-prompted detection and
 * segmentation), captions (to captioning) and person keypoints (to keypoint detection). Files are streamed;
 * annotations are grouped per image through a {@link BucketSpill}. Crowd annotations are left out, as
 * detection training usually does.
 *
 * <p>A conversion can run in parts, each converting the images of one {@link KeyRange} (of
 * {@link #imageIds}); parts converted in range order write what the whole conversion writes.
 */
public final class CocoConverter {
    /** Tasks made from instances: open-vocabulary identification, and COCO-Interactive style IG and REG. */
    public static final Set<TaskType> INSTANCE_TASKS = Set.of(TaskType.FOVD, TaskType.FOVS, TaskType.OVD, TaskType.OVS,
            TaskType.IG_BOX, TaskType.IG_MASK, TaskType.REG_POINT, TaskType.REG_BOX, TaskType.REG_SCRIBBLE, TaskType.REG_MASK);
    /** Tasks made from person keypoints. */
    public static final Set<TaskType> KEYPOINT_TASKS = Set.of(TaskType.KEYPOINT_DETECTION, TaskType.IG_KEYPOINT);
    /** Objects smaller than this many pixels are not used as visual prompts: a click on them is guesswork. */
    private static final int MIN_PROMPT_AREA = 64;
    private static final int MAX_PROMPT_TURNS = 3;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int MAX_CLASS_TURNS = 3;

    private final ConvertOptions options;
    private final ImagePaths paths;

    public CocoConverter(ConvertOptions options) {
        this.options = options;
        this.paths = new ImagePaths(options.imagesRoot(), options.outFolder());
    }

    /** What the three conversions share: images, categories and annotations grouped per image. */
    private interface ImageGroupHandler {
        long handle(CocoImage image, List<Located<CocoAnnotation>> annotations, Map<Long, JsonNode> categories) throws IOException;
    }

    private record Located<T>(T value, long line) {
    }

    /**
     * The ids in a COCO file's images list, which a conversion in parts splits ({@link KeyRange#split}).
     * Entries without a numeric id are left for the conversion to report.
     */
    public static long[] imageIds(Path json) throws IOException {
        LongStream.Builder ids = LongStream.builder();
        TopLevelJson.stream(json, Map.of("images", (n, line) -> {
            if (n.path("id").canConvertToLong()) {
                ids.add(n.get("id").asLong());
            }
        }), null);
        return ids.build().toArray();
    }

    /**
     * Streams the file, groups the annotations of the images in {@code range} and hands each group over;
     * returns the samples written. Problems of records that belong to no image go to the first range only.
     */
    private long convert(Path json, KeyRange range, ProblemLog log, ImageGroupHandler handler, boolean captions) throws IOException {
        String file = json.getFileName().toString();
        Map<Long, CocoImage> images = new HashMap<>();
        Map<Long, JsonNode> categories = new HashMap<>();
        long[] samples = {0};
        try (BucketSpill spill = new BucketSpill()) {
            Map<String, TopLevelJson.ElementHandler> arrays = new HashMap<>();
            arrays.put("images", (n, line) -> {
                try {
                    CocoImage im = CocoImage.parse(n);
                    if (range.contains(im.id())) {
                        images.put(im.id(), im);
                    }
                } catch (IllegalArgumentException e) {
                    if (range.first()) {
                        log.add(file, "line " + line, e.getMessage());
                    }
                }
            });
            arrays.put("categories", (n, line) -> {
                if (n.isObject() && n.path("id").canConvertToLong() && n.path("name").isTextual()
                        && !TrpAnswerBuilder.cleanText(n.get("name").asText()).isBlank()) {
                    categories.put(n.get("id").asLong(), n);
                } else if (range.first()) {
                    log.add(file, "line " + line, "category needs numeric 'id' and text 'name'");
                }
            });
            arrays.put("annotations", (n, line) -> {
                if (!n.isObject() || !n.path("image_id").canConvertToLong()) {
                    if (range.first()) {
                        log.add(file, "line " + line, "annotation without numeric 'image_id'");
                    }
                    return;
                }
                long imageId = n.get("image_id").asLong();
                if (range.contains(imageId)) {
                    spill.add(imageId, line + "\t" + n);
                }
            });
            TopLevelJson.stream(json, arrays, null);
            spill.forEachGroup((imageId, records) -> {
                CocoImage image = images.get(imageId);
                if (image == null) {
                    for (String r : records) {
                        log.add(file, "line " + r.substring(0, r.indexOf('\t')), "annotation of unknown image " + imageId);
                    }
                    return;
                }
                List<Located<CocoAnnotation>> anns = new ArrayList<>();
                for (String r : records) {
                    int tab = r.indexOf('\t');
                    long line = Long.parseLong(r.substring(0, tab));
                    JsonNode n = MAPPER.readTree(r.substring(tab + 1));
                    if (captions) {
                        if (!n.path("caption").isTextual() || TrpAnswerBuilder.cleanText(n.get("caption").asText()).isBlank()) {
                            log.add(file, "line " + line, "caption annotation without text 'caption'");
                        } else {
                            anns.add(new Located<>(new CocoAnnotation(n.path("id").asLong(), imageId, 0, null, false, n.get("caption"), null, 0), line));
                        }
                        continue;
                    }
                    try {
                        CocoAnnotation a = CocoAnnotation.parse(n);
                        if (!categories.containsKey(a.categoryId())) {
                            log.add(file, "line " + line, "annotation " + a.id() + " has unknown category " + a.categoryId());
                        } else if (a.box().width() <= 0 || a.box().height() <= 0) {
                            log.add(file, "line " + line, "annotation " + a.id() + " has an empty box");
                        } else if (!a.crowd()) {
                            anns.add(new Located<>(a, line));
                        }
                    } catch (IllegalArgumentException e) {
                        log.add(file, "line " + line, e.getMessage());
                    }
                }
                if (!anns.isEmpty()) {
                    samples[0] += handler.handle(image, anns, categories);
                }
            });
        }
        return samples[0];
    }

    // ------------------------------------------------------------------ instances

    public ConversionReport convertInstances(Path json, SampleWriter out) throws IOException {
        return convertInstances(json, KeyRange.ALL, out).report();
    }

    /** The part of {@link #convertInstances(Path, SampleWriter)} for the images in {@code images}. */
    public ConversionPart convertInstances(Path json, KeyRange images, SampleWriter out) throws IOException {
        ProblemLog records = new ProblemLog();
        ProblemLog masks = new ProblemLog();
        String file = json.getFileName().toString();
        long samples = convert(json, images, records, (image, anns, cats) -> {
            List<Box> boxes = new ArrayList<>();
            List<CocoRle> rles = new ArrayList<>();
            List<String> names = new ArrayList<>();
            // masks are needed for mask answers and for every interactive prompt
            boolean wantMasks = options.tasks().stream().anyMatch(t -> t != TaskType.FOVD && t != TaskType.OVD);
            for (Located<CocoAnnotation> la : anns) {
                CocoAnnotation a = la.value();
                CocoRle m = null;
                if (wantMasks) {
                    try {
                        m = CocoSegmentation.toRle(a.segmentation(), image.height(), image.width());
                    } catch (IllegalArgumentException e) {
                        masks.add(file, "line " + la.line(), "annotation " + a.id() + ": " + e.getMessage());
                        continue;
                    }
                }
                boxes.add(a.box().clip(image.width(), image.height()));
                if (m != null) {
                    rles.add(m);
                }
                names.add(TrpAnswerBuilder.cleanText(cats.get(a.categoryId()).get("name").asText()).strip());
            }
            if (boxes.isEmpty()) {
                return 0;
            }
            Map<String, List<Integer>> byClass = new LinkedHashMap<>();
            for (int i = 0; i < names.size(); i++) {
                byClass.computeIfAbsent(names.get(i), k -> new ArrayList<>()).add(i);
            }
            Targets boxTargets = new Targets(boxes, List.of(), List.of(), List.of(), List.of());
            Targets maskTargets = new Targets(boxes, rles, List.of(), List.of(), List.of());
            long n = 0;
            for (TaskType task : List.of(TaskType.FOVD, TaskType.FOVS, TaskType.OVD, TaskType.OVS)) {
                if (!options.tasks().contains(task)) {
                    continue;
                }
                Unit unit = task == TaskType.FOVD || task == TaskType.OVD ? Unit.BOX : Unit.MASK;
                String id = "coco-" + image.id() + "-" + task.id();
                SplittableRandom rnd = TurnMaker.random(options.seed(), id);
                List<Turn> turns = new ArrayList<>();
                if (task == TaskType.FOVD || task == TaskType.FOVS) {
                    TrpAnswerBuilder b = new TrpAnswerBuilder().withTaskBlock(options.taskBlock());
                    int g = 0;
                    for (Map.Entry<String, List<Integer>> e : byClass.entrySet()) {
                        if (g++ > 0) {
                            b.text(", ");
                        }
                        b.phrase(e.getKey(), unit, e.getValue());
                    }
                    turns.add(TurnMaker.turn(task, rnd, Map.of(), List.of(), b.text(".").build(), true));
                } else {
                    List<String> classes = new ArrayList<>(byClass.keySet());
                    Collections.shuffle(classes, new java.util.Random(rnd.nextLong()));
                    for (int t = 0; t < Math.min(MAX_CLASS_TURNS, classes.size()); t++) {
                        String c = classes.get(t);
                        turns.add(TurnMaker.turn(task, rnd, Map.of(Placeholders.CLS, c), List.of(),
                                new TrpAnswerBuilder().withTaskBlock(options.taskBlock()).phrase(c, unit, byClass.get(c)).build(), t == 0));
                    }
                }
                out.write(new Sample(id, "coco", task, imageRef(image), unit == Unit.BOX ? boxTargets : maskTargets,
                        List.of(), turns, Map.of("image_id", Long.toString(image.id()))));
                n++;
            }
            for (TaskType task : List.of(TaskType.IG_BOX, TaskType.IG_MASK, TaskType.REG_POINT, TaskType.REG_BOX,
                    TaskType.REG_SCRIBBLE, TaskType.REG_MASK)) {
                if (options.tasks().contains(task)) {
                    n += interactive(task, image, boxes, rles, names, task == TaskType.IG_MASK ? maskTargets : boxTargets, out);
                }
            }
            return n;
        }, false);
        return new ConversionPart(CocoFile.INSTANCES.stem(), samples, List.of(records, masks));
    }

    /**
     * COCO-Interactive style samples: up to three objects, one per turn, each pointed at by a visual prompt
     * made from its mask; interactive grounding answers with the object's box or mask under its class name,
     * region description answers with the class name.
     */
    private long interactive(TaskType task, CocoImage image, List<Box> boxes, List<CocoRle> rles, List<String> names,
                             Targets targets, SampleWriter out) throws IOException {
        String id = "coco-" + image.id() + "-" + task.id();
        SplittableRandom rnd = TurnMaker.random(options.seed(), id);
        List<Integer> candidates = new ArrayList<>();
        for (int i = 0; i < rles.size(); i++) {
            if (rles.get(i).area() >= MIN_PROMPT_AREA) {
                candidates.add(i);
            }
        }
        if (candidates.isEmpty()) {
            return 0;
        }
        Collections.shuffle(candidates, new java.util.Random(rnd.nextLong()));
        List<VisualPrompt> prompts = new ArrayList<>();
        List<Turn> turns = new ArrayList<>();
        for (int t = 0; t < Math.min(MAX_PROMPT_TURNS, candidates.size()); t++) {
            int i = candidates.get(t);
            PromptKind kind = task.requiredPrompt() != null ? task.requiredPrompt() : interactiveKind(task, rnd);
            CocoRle rle = rles.get(i);
            prompts.add(MaskPrompts.make(kind, BinaryMask.of(rle), rle, boxes.get(i), strokeStep(rle), rnd));
            TrpAnswerBuilder b = new TrpAnswerBuilder().withTaskBlock(options.taskBlock());
            TrpAnswer answer = switch (task) {
                case IG_BOX -> b.phrase(names.get(i), Unit.BOX, List.of(i)).build();
                case IG_MASK -> b.phrase(names.get(i), Unit.MASK, List.of(i)).build();
                default -> b.text(names.get(i)).build();
            };
            turns.add(TurnMaker.turn(task, rnd, Map.of(), List.of(prompts.size() - 1), answer, t == 0));
        }
        out.write(new Sample(id, "coco", task, imageRef(image), task.units().isEmpty() ? Targets.NONE : targets,
                prompts, turns, Map.of("image_id", Long.toString(image.id()))));
        return 1;
    }

    /** IG-keypoint: up to three people, each pointed at by a prompt made from their mask; answer their keypoints. */
    private long interactiveKeypoints(CocoImage image, List<Box> boxes, List<CocoRle> masks, List<String> names,
                                      Targets targets, SampleWriter out) throws IOException {
        String id = "coco-" + image.id() + "-" + TaskType.IG_KEYPOINT.id();
        SplittableRandom rnd = TurnMaker.random(options.seed(), id);
        List<Integer> candidates = new ArrayList<>();
        for (int i = 0; i < masks.size(); i++) {
            if (masks.get(i) != null && masks.get(i).area() >= MIN_PROMPT_AREA) {
                candidates.add(i);
            }
        }
        if (candidates.isEmpty()) {
            return 0;
        }
        Collections.shuffle(candidates, new java.util.Random(rnd.nextLong()));
        List<VisualPrompt> prompts = new ArrayList<>();
        List<Turn> turns = new ArrayList<>();
        for (int t = 0; t < Math.min(MAX_PROMPT_TURNS, candidates.size()); t++) {
            int i = candidates.get(t);
            CocoRle rle = masks.get(i);
            PromptKind kind = interactiveKind(TaskType.IG_KEYPOINT, rnd);
            prompts.add(MaskPrompts.make(kind, BinaryMask.of(rle), rle, boxes.get(i), strokeStep(rle), rnd));
            TrpAnswer answer = new TrpAnswerBuilder().withTaskBlock(options.taskBlock())
                    .phrase(names.get(i), Unit.KEYPOINT, List.of(i)).build();
            turns.add(TurnMaker.turn(TaskType.IG_KEYPOINT, rnd, Map.of(), List.of(prompts.size() - 1), answer, t == 0));
        }
        out.write(new Sample(id, "coco", TaskType.IG_KEYPOINT, imageRef(image), targets, prompts, turns,
                Map.of("image_id", Long.toString(image.id()))));
        return 1;
    }

    /** A box prompt answered by the same box teaches nothing, so box outputs take the other prompt kinds. */
    private static PromptKind interactiveKind(TaskType task, SplittableRandom rnd) {
        PromptKind[] kinds = task == TaskType.IG_BOX
                ? new PromptKind[]{PromptKind.POINT, PromptKind.SCRIBBLE, PromptKind.MASK}
                : PromptKind.values();
        return kinds[rnd.nextInt(kinds.length)];
    }

    /** Stroke segments of about a seventh of the object's size. */
    private static double strokeStep(CocoRle rle) {
        return Math.max(2.0, Math.sqrt(rle.area()) * 0.15);
    }

    // ------------------------------------------------------------------ captions

    public ConversionReport convertCaptions(Path json, SampleWriter out) throws IOException {
        return convertCaptions(json, KeyRange.ALL, out).report();
    }

    /** The part of {@link #convertCaptions(Path, SampleWriter)} for the images in {@code images}. */
    public ConversionPart convertCaptions(Path json, KeyRange images, SampleWriter out) throws IOException {
        ProblemLog records = new ProblemLog();
        long samples = convert(json, images, records, (image, anns, cats) -> {
            long n = 0;
            for (Located<CocoAnnotation> la : anns) {
                String caption = la.value().segmentation().asText().strip();
                String id = "coco-cap-" + la.value().id();
                SplittableRandom rnd = TurnMaker.random(options.seed(), id);
                Turn t = TurnMaker.turn(TaskType.CAPTION, rnd, Map.of(), List.of(),
                        new TrpAnswerBuilder().withTaskBlock(options.taskBlock()).text(caption).build(), true);
                out.write(new Sample(id, "coco", TaskType.CAPTION, imageRef(image), Targets.NONE, List.of(), List.of(t),
                        Map.of("image_id", Long.toString(image.id()), "annotation_id", Long.toString(la.value().id()))));
                n++;
            }
            return n;
        }, true);
        return new ConversionPart(CocoFile.CAPTIONS.stem(), samples, List.of(records));
    }

    // ------------------------------------------------------------------ person keypoints

    public ConversionReport convertKeypoints(Path json, SampleWriter out) throws IOException {
        return convertKeypoints(json, KeyRange.ALL, out).report();
    }

    /** The part of {@link #convertKeypoints(Path, SampleWriter)} for the images in {@code images}. */
    public ConversionPart convertKeypoints(Path json, KeyRange images, SampleWriter out) throws IOException {
        ProblemLog records = new ProblemLog();
        ProblemLog bad = new ProblemLog();
        String file = json.getFileName().toString();
        long samples = convert(json, images, records, (image, anns, cats) -> {
            List<Box> boxes = new ArrayList<>();
            List<KeypointSet> sets = new ArrayList<>();
            List<String> names = new ArrayList<>();
            List<CocoRle> promptMasks = new ArrayList<>(); // null where the segmentation is unusable
            boolean wantMasks = options.tasks().contains(TaskType.IG_KEYPOINT);
            Map<String, List<Integer>> byClass = new LinkedHashMap<>();
            for (Located<CocoAnnotation> la : anns) {
                CocoAnnotation a = la.value();
                if (a.keypoints() == null || a.numKeypoints() <= 0) {
                    continue; // people without labelled keypoints teach the pose decoder nothing
                }
                List<Keypoint> kps = new ArrayList<>();
                boolean ok = true;
                for (int i = 0; i < a.keypoints().length; i += 3) {
                    int v = (int) a.keypoints()[i + 2];
                    if (v < 0 || v > 2) {
                        ok = false;
                        break;
                    }
                    kps.add(new Keypoint(a.keypoints()[i], a.keypoints()[i + 1], v));
                }
                if (!ok) {
                    bad.add(file, "line " + la.line(), "annotation " + a.id() + ": keypoint visibility not in 0..2");
                    continue;
                }
                String name = TrpAnswerBuilder.cleanText(cats.get(a.categoryId()).get("name").asText()).strip();
                CocoRle mask = null;
                if (wantMasks) {
                    try {
                        mask = CocoSegmentation.toRle(a.segmentation(), image.height(), image.width());
                    } catch (IllegalArgumentException e) {
                        bad.add(file, "line " + la.line(), "annotation " + a.id() + " (no prompt for it): " + e.getMessage());
                    }
                }
                byClass.computeIfAbsent(name, k -> new ArrayList<>()).add(boxes.size());
                boxes.add(a.box().clip(image.width(), image.height()));
                sets.add(new KeypointSet("coco-" + name, kps));
                names.add(name);
                promptMasks.add(mask);
            }
            if (boxes.isEmpty()) {
                return 0;
            }
            Targets targets = new Targets(boxes, List.of(), List.of(), sets, List.of());
            long n = 0;
            if (options.tasks().contains(TaskType.KEYPOINT_DETECTION)) {
                String id = "coco-" + image.id() + "-keypoint";
                SplittableRandom rnd = TurnMaker.random(options.seed(), id);
                Map.Entry<String, List<Integer>> first = byClass.entrySet().iterator().next();
                Turn t = TurnMaker.turn(TaskType.KEYPOINT_DETECTION, rnd, Map.of(Placeholders.CLS, first.getKey()), List.of(),
                        new TrpAnswerBuilder().withTaskBlock(options.taskBlock()).phrase(first.getKey(), Unit.KEYPOINT, first.getValue()).build(), true);
                out.write(new Sample(id, "coco", TaskType.KEYPOINT_DETECTION, imageRef(image), targets, List.of(), List.of(t),
                        Map.of("image_id", Long.toString(image.id()))));
                n++;
            }
            if (wantMasks) {
                n += interactiveKeypoints(image, boxes, promptMasks, names, targets, out);
            }
            return n;
        }, false);
        return new ConversionPart(CocoFile.KEYPOINTS.stem(), samples, List.of(records, bad));
    }

    private ImageRef imageRef(CocoImage image) {
        return new ImageRef(paths.of(image.fileName()), image.width(), image.height());
    }
}
