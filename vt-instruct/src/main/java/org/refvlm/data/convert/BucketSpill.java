package org.refvlm.data.convert;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Groups records by a numeric key without holding them all: records are appended to one of a fixed number of
 * temporary files chosen by key, then each file is read back alone and grouped in memory. Needed because
 * COCO and VQA list annotations in no useful order and their files run to hundreds of megabytes.
 */
final class BucketSpill implements Closeable {
    /** Enough files that one bucket of the largest COCO or VQA file fits in memory. */
    static final int BUCKETS = 64;

    interface GroupHandler {
        void group(long key, List<String> records) throws IOException;
    }

    private final Path dir;
    private final BufferedWriter[] writers;

    BucketSpill() throws IOException {
        this.dir = Files.createTempDirectory("refvlm-spill");
        this.writers = new BufferedWriter[BUCKETS];
    }

    /** The bucket a key's records go to. */
    static int bucket(long key) {
        return Math.floorMod(Long.hashCode(key) * 0x9E3779B1, BUCKETS);
    }

    /**
     * The order {@link #forEachGroup} hands keys over in: by bucket, then by key. A conversion in parts
     * ({@link KeyRange}) cuts this order, so its parts in sequence meet the keys in the same order.
     */
    static int compare(long a, long b) {
        int byBucket = Integer.compare(bucket(a), bucket(b));
        return byBucket != 0 ? byBucket : Long.compare(a, b);
    }

    /** Records must not contain line breaks (compact JSON never does). */
    void add(long key, String record) throws IOException {
        int b = bucket(key);
        if (writers[b] == null) {
            writers[b] = Files.newBufferedWriter(dir.resolve("b" + b), StandardCharsets.UTF_8);
        }
        writers[b].write(Long.toString(key));
        writers[b].write('\t');
        writers[b].write(record);
        writers[b].write('\n');
    }

    /** Calls the handler once per key, buckets in order and keys ascending within a bucket. */
    void forEachGroup(GroupHandler handler) throws IOException {
        for (BufferedWriter w : writers) {
            if (w != null) {
                w.close();
            }
        }
        for (int b = 0; b < writers.length; b++) {
            Path f = dir.resolve("b" + b);
            if (writers[b] == null || !Files.exists(f)) {
                continue;
            }
            Map<Long, List<String>> groups = new TreeMap<>();
            try (Stream<String> lines = Files.lines(f, StandardCharsets.UTF_8)) {
                lines.forEach(l -> {
                    int tab = l.indexOf('\t');
                    groups.computeIfAbsent(Long.parseLong(l.substring(0, tab)), k -> new ArrayList<>()).add(l.substring(tab + 1));
                });
            }
            for (Map.Entry<Long, List<String>> e : groups.entrySet()) {
                handler.group(e.getKey(), e.getValue());
            }
            Files.delete(f);
        }
    }

    @Override
    public void close() throws IOException {
        for (BufferedWriter w : writers) {
            if (w != null) {
                try {
                    w.close();
                } catch (IOException ignored) {
                    // already closed by forEachGroup
                }
            }
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
