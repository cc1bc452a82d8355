package org.refvlm.data.convert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.refvlm.data.ImageRef;
import org.refvlm.data.Placeholders;
import org.refvlm.data.Sample;
import org.refvlm.data.SampleWriter;
import org.refvlm.data.TaskType;
import org.refvlm.data.Targets;
import org.refvlm.data.TrpAnswerBuilder;
import org.refvlm.data.Turn;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.LongStream;

/**
 * Converts VQAv2 (a questions file and its annotations file, joined on question_id) to one VQA sample per
 * question, answered as "The answer is X." with the annotators' consensus answer ({@code
 * multiple_choice_answer}). Both files are streamed and joined through a {@link BucketSpill}. VQA files do not
 * give image sizes; they come from a COCO file's "images" list if one is given, else from the image file's
 * header, else stay unknown (allowed, since VQA samples carry no geometry).
 *
 * <p>A conversion can run in parts, each converting the questions of one {@link KeyRange} (of
 * {@link #questionIds}); parts converted in range order write what the whole conversion writes.
 */
public final class VqaV2Converter {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final ConvertOptions options;
    private final ImagePaths paths;

    public VqaV2Converter(ConvertOptions options) {
        this.options = options;
        this.paths = new ImagePaths(options.imagesRoot(), options.outFolder());
    }

    /** @param imageInfo optional COCO instances or image_info JSON providing image sizes (null if none) */
    public ConversionReport convert(Path questionsJson, Path annotationsJson, Path imageInfo, SampleWriter out) throws IOException {
        return convert(questionsJson, annotationsJson, imageInfo, KeyRange.ALL, out).report();
    }

    /**
     * The ids in a questions file, which a conversion in parts splits ({@link KeyRange#split}). Questions
     * without a numeric id are left for the conversion to report.
     */
    public static long[] questionIds(Path questionsJson) throws IOException {
        LongStream.Builder ids = LongStream.builder();
        TopLevelJson.stream(questionsJson, Map.of("questions", (n, line) -> {
            if (n.path("question_id").canConvertToLong()) {
                ids.add(n.get("question_id").asLong());
            }
        }), null);
        return ids.build().toArray();
    }

    /**
     * The part of {@link #convert(Path, Path, Path, SampleWriter)} for the questions in {@code questions};
     * records without a question id are reported by the first range only.
     */
    public ConversionPart convert(Path questionsJson, Path annotationsJson, Path imageInfo, KeyRange questions,
                                  SampleWriter out) throws IOException {
        ProblemLog log = new ProblemLog();
        String qName = questionsJson.getFileName().toString(), aName = annotationsJson.getFileName().toString();
        Map<Long, int[]> sizes = new HashMap<>();
        if (imageInfo != null) {
            TopLevelJson.stream(imageInfo, Map.of("images", (n, line) -> {
                if (n.path("id").canConvertToLong() && n.path("width").canConvertToInt() && n.path("height").canConvertToInt()) {
                    sizes.put(n.get("id").asLong(), new int[]{n.get("width").asInt(), n.get("height").asInt()});
                }
            }), null);
        }
        Map<String, String> qScalars = new HashMap<>();
        long[] samples = {0};
        try (BucketSpill spill = new BucketSpill()) {
            TopLevelJson.stream(questionsJson, Map.of("questions", (n, line) -> {
                if (!n.path("question_id").canConvertToLong()) {
                    if (questions.first()) {
                        log.add(qName, "line " + line, "question without numeric 'question_id'");
                    }
                } else if (questions.contains(n.get("question_id").asLong())) {
                    spill.add(n.get("question_id").asLong(), "Q\t" + line + "\t" + n);
                }
            }), qScalars);
            TopLevelJson.stream(annotationsJson, Map.of("annotations", (n, line) -> {
                if (!n.path("question_id").canConvertToLong()) {
                    if (questions.first()) {
                        log.add(aName, "line " + line, "annotation without numeric 'question_id'");
                    }
                } else if (questions.contains(n.get("question_id").asLong())) {
                    spill.add(n.get("question_id").asLong(), "A\t" + line + "\t" + n);
                }
            }), null);
            String subtype = qScalars.getOrDefault("data_subtype", "");
            spill.forEachGroup((qid, records) -> {
                JsonNode q = null, a = null;
                long qLine = -1, aLine = -1;
                for (String r : records) {
                    String[] parts = r.split("\t", 3);
                    long line = Long.parseLong(parts[1]);
                    if (parts[0].equals("Q")) {
                        if (q != null) {
                            log.add(qName, "line " + line, "question_id " + qid + " appears twice");
                            continue;
                        }
                        q = MAPPER.readTree(parts[2]);
                        qLine = line;
                    } else {
                        if (a != null) {
                            log.add(aName, "line " + line, "question_id " + qid + " annotated twice");
                            continue;
                        }
                        a = MAPPER.readTree(parts[2]);
                        aLine = line;
                    }
                }
                if (q == null) {
                    log.add(aName, "line " + aLine, "annotation of unknown question " + qid);
                    return;
                }
                if (a == null) {
                    log.add(qName, "line " + qLine, "question " + qid + " has no annotation");
                    return;
                }
                String question = TrpAnswerBuilder.cleanText(q.path("question").asText("")).strip();
                if (question.isEmpty() || !q.path("image_id").canConvertToLong()) {
                    log.add(qName, "line " + qLine, "question " + qid + " needs text 'question' and numeric 'image_id'");
                    return;
                }
                String answer = answer(a);
                if (answer == null) {
                    log.add(aName, "line " + aLine, "annotation of question " + qid + " has no answer");
                    return;
                }
                long imageId = q.get("image_id").asLong();
                String fileName = String.format("COCO_%s_%012d.jpg", subtype, imageId);
                String path = paths.of(fileName);
                int[] size = sizes.get(imageId);
                if (size == null) {
                    size = headerSize(options.imagesRoot().resolve(fileName));
                }
                String id = "vqav2-" + qid;
                SplittableRandom rnd = TurnMaker.random(options.seed(), id);
                Turn t = TurnMaker.turn(TaskType.VQA, rnd, Map.of(Placeholders.QUESTION, question), List.of(),
                        new TrpAnswerBuilder().withTaskBlock(options.taskBlock()).text("The answer is " + answer + ".").build(), true);
                out.write(new Sample(id, "vqav2", TaskType.VQA, new ImageRef(path, size[0], size[1]), Targets.NONE, List.of(),
                        List.of(t), Map.of("question_id", Long.toString(qid), "image_id", Long.toString(imageId),
                        "answer_type", a.path("answer_type").asText(""))));
                samples[0]++;
            });
        }
        return new ConversionPart("vqav2", samples[0], List.of(log));
    }

    /** The consensus answer, or the most frequent of the ten human answers when it is missing. */
    private static String answer(JsonNode a) {
        String mc = TrpAnswerBuilder.cleanText(a.path("multiple_choice_answer").asText("")).strip();
        if (!mc.isEmpty()) {
            return mc;
        }
        Map<String, Integer> votes = new HashMap<>();
        String best = null;
        for (JsonNode h : a.path("answers")) {
            String t = TrpAnswerBuilder.cleanText(h.path("answer").asText("")).strip();
            if (!t.isEmpty()) {
                int v = votes.merge(t, 1, Integer::sum);
                if (best == null || v > votes.get(best)) {
                    best = t;
                }
            }
        }
        return best;
    }

    /** Reads width and height from the image header without decoding pixels; {0, 0} if unavailable. */
    private static int[] headerSize(Path file) {
        if (!Files.isRegularFile(file)) {
            return new int[]{0, 0};
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (readers.hasNext()) {
                ImageReader r = readers.next();
                try {
                    r.setInput(in);
                    return new int[]{r.getWidth(0), r.getHeight(0)};
                } finally {
                    r.dispose();
                }
            }
        } catch (IOException ignored) {
            // an unreadable header only means the size stays unknown
        }
        return new int[]{0, 0};
    }
}
