package org.refvlm.data.convert;

import org.refvlm.data.Box;
import org.refvlm.data.ImageRef;
import org.refvlm.data.Sample;
import org.refvlm.data.SampleWriter;
import org.refvlm.data.TaskType;
import org.refvlm.data.Targets;
import org.refvlm.data.TrpAnswerBuilder;
import org.refvlm.data.Turn;
import org.refvlm.data.Unit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * Converts Flickr30k Entities ({@code Annotations/*.xml} plus {@code Sentences/*.txt}) to grounded captions
 * with boxes: each sentence becomes one GCG-box sample whose mentions with boxes are phrases. A sentence
 * without any boxed mention becomes a caption sample (if captions are wanted), as the reference does.
 * Images are processed one at a time, so memory does not grow with the dataset; every problem belongs to
 * one image, so consecutive runs of {@link #imageIds} converted one after another ({@link #convertImages})
 * write what the whole conversion writes.
 */
public final class Flickr30kConverter {
    public static final Set<TaskType> TASKS = Set.of(TaskType.GCG_BOX, TaskType.CAPTION);

    private final ConvertOptions options;
    private final ImagePaths paths;

    public Flickr30kConverter(ConvertOptions options) {
        this.options = options;
        this.paths = new ImagePaths(options.imagesRoot(), options.outFolder());
    }

    /** @param ids image ids to convert (a split file's lines); empty converts every sentence file */
    public ConversionReport convert(Path annotationsDir, Path sentencesDir, List<String> ids, SampleWriter out) throws IOException {
        return convertImages(annotationsDir, sentencesDir, imageIds(sentencesDir, ids), out).report();
    }

    /** The images a conversion converts, in its order: {@code ids}, or when empty every sentence file's, by name. */
    public static List<String> imageIds(Path sentencesDir, List<String> ids) throws IOException {
        List<String> todo = new ArrayList<>(ids);
        if (todo.isEmpty()) {
            try (Stream<Path> s = Files.list(sentencesDir)) {
                s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".txt")).sorted()
                        .forEach(n -> todo.add(n.substring(0, n.length() - 4)));
            }
        }
        return todo;
    }

    /** Converts exactly the images {@code imageIds}, in their order (none when empty). */
    public ConversionPart convertImages(Path annotationsDir, Path sentencesDir, List<String> imageIds, SampleWriter out)
            throws IOException {
        ProblemLog log = new ProblemLog();
        long samples = 0;
        for (String id : imageIds) {
            Path xml = annotationsDir.resolve(id + ".xml"), txt = sentencesDir.resolve(id + ".txt");
            if (!Files.isRegularFile(txt)) {
                log.add(txt.getFileName().toString(), "-", "sentence file missing");
                continue;
            }
            if (!Files.isRegularFile(xml)) {
                log.add(xml.getFileName().toString(), "-", "annotation file missing");
                continue;
            }
            FlickrAnnotation ann;
            try {
                ann = FlickrAnnotation.read(xml);
            } catch (IllegalArgumentException e) {
                String msg = e.getMessage();
                String where = msg.startsWith("line ") ? msg.substring(0, msg.indexOf(':')) : "-";
                log.add(xml.getFileName().toString(), where, msg.startsWith("line ") ? msg.substring(msg.indexOf(':') + 2) : msg);
                continue;
            }
            List<String> lines = Files.readAllLines(txt, StandardCharsets.UTF_8);
            for (int n = 0; n < lines.size(); n++) {
                if (lines.get(n).isBlank()) {
                    continue;
                }
                FlickrSentence sentence;
                try {
                    sentence = FlickrSentence.parse(lines.get(n).strip());
                } catch (IllegalArgumentException e) {
                    log.add(txt.getFileName().toString(), "line " + (n + 1), e.getMessage());
                    continue;
                }
                Sample s = sample(id, n, ann, sentence);
                if (s != null) {
                    out.write(s);
                    samples++;
                }
            }
        }
        return new ConversionPart("flickr30k", samples, List.of(log));
    }

    private Sample sample(String imageId, int sentenceIndex, FlickrAnnotation ann, FlickrSentence sentence) {
        List<Box> boxes = new ArrayList<>();
        Map<Box, Integer> index = new LinkedHashMap<>();
        TrpAnswerBuilder b = new TrpAnswerBuilder().withTaskBlock(options.taskBlock());
        StringBuilder plain = new StringBuilder();
        boolean grounded = false;
        for (FlickrSentence.Segment seg : sentence.segments()) {
            plain.append(seg.text());
            List<Box> entityBoxes = seg.isMention() && !seg.types().contains("notvisual")
                    ? ann.boxes().getOrDefault(seg.entityId(), List.of()) : List.of();
            if (entityBoxes.isEmpty()) {
                b.text(tidy(seg.text()));
                continue;
            }
            List<Integer> refs = new ArrayList<>();
            for (Box box : entityBoxes) {
                Box clipped = box.clip(ann.width(), ann.height());
                Integer i = index.get(clipped);
                if (i == null) {
                    i = boxes.size();
                    boxes.add(clipped);
                    index.put(clipped, i);
                }
                refs.add(i);
            }
            b.phrase(seg.text().strip(), Unit.BOX, refs);
            grounded = true;
        }
        String id = "flickr30k-" + imageId + "-" + sentenceIndex;
        ImageRef image = new ImageRef(paths.of(ann.fileName()), ann.width(), ann.height());
        Map<String, String> meta = Map.of("image_id", imageId, "sentence", Integer.toString(sentenceIndex));
        if (grounded && options.tasks().contains(TaskType.GCG_BOX)) {
            SplittableRandom rnd = TurnMaker.random(options.seed(), id);
            Turn t = TurnMaker.turn(TaskType.GCG_BOX, rnd, Map.of(), List.of(), b.build(), true);
            return new Sample(id, "flickr30k", TaskType.GCG_BOX, image, new Targets(boxes, List.of(), List.of(), List.of(), List.of()),
                    List.of(), List.of(t), meta);
        }
        if (!grounded && options.tasks().contains(TaskType.CAPTION)) {
            SplittableRandom rnd = TurnMaker.random(options.seed(), id);
            Turn t = TurnMaker.turn(TaskType.CAPTION, rnd, Map.of(), List.of(),
                    new TrpAnswerBuilder().withTaskBlock(options.taskBlock()).text(tidy(plain.toString()).strip()).build(), true);
            return new Sample(id, "flickr30k", TaskType.CAPTION, image, Targets.NONE, List.of(), List.of(t), meta);
        }
        return null;
    }

    /** Flickr sentences end in " ." and have single spaces around mentions; keep them but drop the gap before the stop. */
    private static String tidy(String text) {
        return text.replaceAll(" +\\.$", ".").replaceAll(" {2,}", " ");
    }
}
