package org.refvlm.trainer.score.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.refvlm.trainer.score.text.CaptionSet;
import org.refvlm.trainer.score.text.VqaQuestion;

/**
 * The input files of {@code score captions|vqa|pope} and the writing of every {@code S.json}.
 * Problems are {@link IllegalArgumentException}s naming the file and the record.
 */
final class ScoreFiles {

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ScoreFiles() {
    }

    static JsonNode read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + ": no such file");
        }
        try {
            return JSON.readTree(file.toFile());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(file + ": not JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** {@code {"references": {id: [text, ...]}, "candidates": {id: text}}}. */
    static CaptionSet captions(Path file) throws IOException {
        JsonNode root = read(file);
        JsonNode refs = root.path("references");
        JsonNode cands = root.path("candidates");
        if (!refs.isObject() || !cands.isObject()) {
            throw new IllegalArgumentException(file + ": needs objects 'references' and 'candidates'");
        }
        Map<String, String> c = new LinkedHashMap<>();
        Map<String, List<String>> r = new LinkedHashMap<>();
        cands.fields().forEachRemaining(e -> c.put(e.getKey(), e.getValue().asText()));
        refs.fields().forEachRemaining(e -> {
            List<String> texts = new ArrayList<>();
            e.getValue().forEach(t -> texts.add(t.asText()));
            r.put(e.getKey(), texts);
        });
        try {
            return new CaptionSet(c, r);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The VQA challenge's files in one: {@code questions}, {@code annotations} (with ten
     * {@code answers}, {@code answer_type}, {@code question_type}) and {@code predictions}
     * ({@code question_id}, {@code answer}); questions are scored in annotation order.
     */
    static List<VqaQuestion> vqa(Path file) throws IOException {
        JsonNode root = read(file);
        Map<String, String> predicted = new HashMap<>();
        for (JsonNode p : root.path("predictions")) {
            predicted.put(p.path("question_id").asText(), p.path("answer").asText());
        }
        List<VqaQuestion> out = new ArrayList<>();
        int i = 0;
        for (JsonNode a : root.path("annotations")) {
            String id = a.path("question_id").asText();
            String answer = predicted.get(id);
            if (answer == null) {
                throw new IllegalArgumentException(file + ": annotations[" + i + "]: question " + id + " has no prediction");
            }
            List<String> humans = new ArrayList<>();
            a.path("answers").forEach(h -> humans.add(h.path("answer").asText()));
            out.add(new VqaQuestion(id, a.path("answer_type").asText(), a.path("question_type").asText(), humans, answer));
            i++;
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(file + ": no 'annotations' to score");
        }
        return out;
    }

    /** {@code {"answers": [text, ...], "labels": ["yes"|"no", ...]}}. */
    static List<List<String>> pope(Path file) throws IOException {
        JsonNode root = read(file);
        List<String> answers = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        root.path("answers").forEach(a -> answers.add(a.asText()));
        root.path("labels").forEach(l -> labels.add(l.asText()));
        if (answers.isEmpty() || answers.size() != labels.size()) {
            throw new IllegalArgumentException(file + ": needs 'answers' and 'labels' of the same, non-zero length (got "
                    + answers.size() + " and " + labels.size() + ")");
        }
        return List.of(answers, labels);
    }

    static void write(Path out, JsonNode node) throws IOException {
        Path dir = out.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        Files.writeString(out, JSON.writeValueAsString(node) + "\n");
    }
}
