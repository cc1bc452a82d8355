package org.refvlm.trainer.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.refvlm.api.RgbImage;
import org.refvlm.data.Sample;
import org.refvlm.data.SampleReader;
import org.refvlm.trainer.TrainingExample;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Examples from a VT-Instruct folder, visited epoch after epoch, each epoch in its own order
 * drawn from the seed. Samples are read (and checked) once; pictures are read when used. Bad
 * records are reported with file and line and left out, as are samples the trainer cannot use.
 */
final class FolderExamples implements ExampleSource {

    private static final Logger LOG = LoggerFactory.getLogger(FolderExamples.class);

    private final Path folder;
    private final List<Sample> samples = new ArrayList<>();
    private final long seed;

    FolderExamples(Path folder, long seed) throws IOException {
        this.folder = folder;
        this.seed = seed;
        Path file = folder.resolve("samples.jsonl");
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(folder + " is not a VT-Instruct folder: it has no samples.jsonl");
        }
        Map<String, Integer> unusable = new LinkedHashMap<>();
        long problems;
        try (SampleReader reader = SampleReader.open(file, true, p -> LOG.warn("skipped bad record {}", p))) {
            for (Sample s : reader) {
                try {
                    SampleExamples.of(s, null);
                    samples.add(s);
                } catch (SampleExamples.Unusable e) {
                    unusable.merge(e.getMessage(), 1, Integer::sum);
                }
            }
            problems = reader.problemCount();
        }
        unusable.forEach((why, n) -> LOG.info("{}: {} sample(s) left out: {}", folder, n, why));
        if (samples.isEmpty()) {
            throw new IllegalArgumentException(folder + " has no sample the trainer can use (" + problems
                    + " bad record(s), " + unusable + ")");
        }
        LOG.info("{}: {} training samples, {} bad record(s)", folder, samples.size(), problems);
    }

    @Override
    public TrainingExample example(long index) {
        long epoch = index / samples.size();
        int position = (int) (index % samples.size());
        Sample s = samples.get(permutation(epoch)[position]);
        try {
            return SampleExamples.of(s, readImage(s));
        } catch (SampleExamples.Unusable e) {
            throw new IllegalStateException("sample " + s.id() + " became unusable: " + e.getMessage(), e);
        }
    }

    private int[] cachedOrder;
    private long cachedEpoch = -1;

    private synchronized int[] permutation(long epoch) {
        if (epoch != cachedEpoch) {
            int[] order = new int[samples.size()];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + epoch);
            for (int i = order.length - 1; i > 0; i--) {
                int j = r.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            cachedOrder = order;
            cachedEpoch = epoch;
        }
        return cachedOrder;
    }

    private RgbImage readImage(Sample s) {
        Path file = folder.resolve(s.image().path());
        try {
            return RgbImage.read(file);
        } catch (IOException e) {
            throw new UncheckedIOException("sample " + s.id() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String describe() {
        return "folder " + folder + " (" + samples.size() + " samples)";
    }
}
