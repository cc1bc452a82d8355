package org.refvlm.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.refvlm.data.AtomicFile;

/**
 * Writes a task's output file so that a retried or speculative task attempt never leaves a partial or
 * duplicated file: the attempt writes a temporary file beside the target and moves it into place in
 * one step, replacing what an earlier attempt of the same task wrote. Shard names depend only on the
 * partition number, never on the attempt, so a retry overwrites instead of adding.
 */
public final class ShardFile {

    private ShardFile() {
    }

    /** {@code samples-00003.jsonl} and the like: sorted by name is sorted by partition. */
    public static String name(String stem, int partition, String extension) {
        return String.format("%s-%05d.%s", stem, partition, extension);
    }

    /** Writes the shard beside its place and moves it there: see the class comment. */
    public static void write(Path target, AtomicFile.Content content) throws IOException {
        AtomicFile.write(target, content);
    }

    /**
     * Deletes the shards {@code <stem>-<p>.<extension>} of {@code folder} numbered {@code parts} or more: an
     * earlier run with more partitions left them, and a reader of the folder would take them for part of
     * this run's output.
     */
    public static void removeFrom(Path folder, String stem, int parts, String extension) throws IOException {
        Pattern shard = Pattern.compile(Pattern.quote(stem) + "-(\\d{5,9})\\." + Pattern.quote(extension));
        List<Path> stale;
        try (Stream<Path> files = Files.list(folder)) {
            stale = files.filter(f -> {
                Matcher m = shard.matcher(f.getFileName().toString());
                return m.matches() && Integer.parseInt(m.group(1)) >= parts;
            }).toList();
        }
        for (Path f : stale) {
            Files.deleteIfExists(f);
        }
    }
}
