package org.refvlm.trainer.eval.answers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.refvlm.api.Request;

/**
 * The answers {@link AnswerRecording} wrote, read from every {@code *.jsonl} file of a folder, served
 * to the evaluators by question key. Recordings are machine-made, so any damage stops the reading with
 * the file and line: scoring around a lost answer would give different numbers without saying so.
 */
public final class RecordedAnswers implements AnswerSource {

    /** One question's recording: a response, or the error that took its place. */
    private record Entry(Answer answer, String error, String where) {
    }

    private final Map<String, Entry> entries;
    private final String model;
    private final Set<String> units;
    private final int files;
    private final AtomicInteger missing = new AtomicInteger();

    private RecordedAnswers(Map<String, Entry> entries, String model, Set<String> units, int files) {
        this.entries = entries;
        this.model = model;
        this.units = units;
        this.files = files;
    }

    /** @throws IllegalArgumentException naming the file and line of the first problem */
    public static RecordedAnswers read(Path folder) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(folder)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".jsonl")).sorted().toList();
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException(folder + " holds no recorded answers (no .jsonl file)");
        }
        Map<String, Entry> entries = new HashMap<>();
        String model = null;
        Set<String> units = null;
        Integer shards = null;
        Set<Integer> shardsSeen = new LinkedHashSet<>();
        for (Path f : files) {
            try (BufferedReader in = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
                String line = in.readLine();
                JsonNode header = parse(line, f, 1);
                if (header == null || header.path("answers").asInt() != AnswerRecording.FORMAT) {
                    throw new IllegalArgumentException(f + ":1: not a recording of answers (format "
                            + AnswerRecording.FORMAT + ")");
                }
                String m = header.path("model").asText();
                Set<String> u = new LinkedHashSet<>();
                header.path("units").forEach(x -> u.add(x.asText()));
                int n = header.path("shards").asInt();
                if (model == null) {
                    model = m;
                    units = u;
                    shards = n;
                } else if (!model.equals(m) || !units.equals(u) || shards != n) {
                    throw new IllegalArgumentException(f + ":1: recorded with model " + m + ", units " + u + ", "
                            + n + " shards; " + files.get(0).getFileName() + " with " + model + ", " + units + ", "
                            + shards + " shards: the files are not of one run");
                }
                if (!shardsSeen.add(header.path("shard").asInt())) {
                    throw new IllegalArgumentException(f + ":1: shard " + header.path("shard").asInt()
                            + " is recorded twice in " + folder);
                }
                int number = 1;
                while ((line = in.readLine()) != null) {
                    number++;
                    if (line.isBlank()) {
                        continue;
                    }
                    JsonNode n2 = parse(line, f, number);
                    String where = f.getFileName() + ":" + number;
                    String key = n2.path("key").asText(null);
                    if (key == null) {
                        throw new IllegalArgumentException(f + ":" + number + ": no key");
                    }
                    Entry e;
                    try {
                        e = n2.hasNonNull("error") ? new Entry(null, n2.get("error").asText(), where)
                                : new Entry(new Answer(AnswerJson.read(n2.path("response")), n2.path("seconds").asDouble()),
                                        null, where);
                    } catch (IllegalArgumentException bad) {
                        throw new IllegalArgumentException(f + ":" + number + ": " + bad.getMessage(), bad);
                    }
                    Entry before = entries.put(key, e);
                    if (before != null) {
                        throw new IllegalArgumentException(f + ":" + number + ": question " + key
                                + " is recorded twice (also at " + before.where() + ")");
                    }
                }
            }
        }
        if (shardsSeen.size() != shards) {
            List<Integer> absent = new ArrayList<>();
            for (int i = 0; i < shards; i++) {
                if (!shardsSeen.contains(i)) {
                    absent.add(i);
                }
            }
            throw new IllegalArgumentException(folder + " lacks the recordings of shard(s) " + absent + " of " + shards);
        }
        return new RecordedAnswers(entries, model, Set.copyOf(units), files.size());
    }

    private static JsonNode parse(String line, Path f, int number) {
        if (line == null) {
            throw new IllegalArgumentException(f + ": empty file");
        }
        try {
            return AnswerJson.parse(line);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(f + ":" + number + ": not JSON: " + e.getOriginalMessage());
        }
    }

    @Override
    public Answer answer(String key, Request request) {
        Entry e = entries.get(key);
        if (e == null) {
            missing.incrementAndGet();
            throw new IllegalStateException("no answer was recorded for question " + key);
        }
        if (e.error() != null) {
            throw new IllegalStateException("recorded as failed (" + e.where() + "): " + e.error());
        }
        return e.answer();
    }

    /** How the recording named the model. */
    public String model() {
        return model;
    }

    /** The units the recording platform's decoders handled: what decides whether a task is measurable. */
    public Set<String> units() {
        return units;
    }

    /** How many questions have a recording. */
    public int size() {
        return entries.size();
    }

    public int files() {
        return files;
    }

    /** Questions asked of this source that had no recording. */
    public int missing() {
        return missing.get();
    }
}
