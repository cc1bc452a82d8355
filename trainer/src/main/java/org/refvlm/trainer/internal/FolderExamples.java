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
import org.refvlm.core.pipeline.DepthPng;
import org.refvlm.data.DepthMapRef;
import org.refvlm.data.Sample;
import org.refvlm.data.SampleReader;
import org.refvlm.trainer.TrainingExample;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Examples from a VT-Instruct folder, visited epoch after epoch, each epoch in its own order
 * drawn from the seed. Samples are read (and checked) once; pictures are read when used. Bad
 * records are reported with file and line and left out, as are turns the trainer cannot use. Every
 * turn of a sample is an example of its own.
 */
final class FolderExamples implements ExampleSource {

    private static final Logger LOG = LoggerFactory.getLogger(FolderExamples.class);

    private final Path folder;
    /** One turn of a sample: every turn is an example of its own. */
    private record Item(Sample sample, int turn) {
    }

    private final List<Item> samples = new ArrayList<>();
    private final long seed;

    FolderExamples(Path folder, long seed) throws IOException {
        this.folder = folder;
        this.seed = seed;
        // a folder is its .jsonl files in name order, as every data tool reads it: samples.jsonl from data
        // synth, samples-00000.jsonl ... from refvlm-spark synth, <source>.jsonl from data convert
        List<Path> files;
        try (java.util.stream.Stream<Path> list = Files.list(folder)) {
            files = list.filter(p -> p.getFileName().toString().endsWith(".jsonl")).sorted().toList();
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException(folder + " is not a VT-Instruct folder: it has no samples.jsonl (nor any "
                    + "other .jsonl file)");
        }
        Map<String, Integer> unusable = new LinkedHashMap<>();
        long problems = 0;
        for (Path file : files) {
            try (SampleReader reader = SampleReader.open(file, true, p -> LOG.warn("skipped bad record {}", p))) {
                for (Sample s : reader) {
                    for (int t = 0; t < Math.max(1, s.turns().size()); t++) {
                        try {
                            SampleExamples.of(s, t, null, SampleExamples.NO_DEPTH);
                            samples.add(new Item(s, t));
                        } catch (SampleExamples.Unusable e) {
                            unusable.merge(e.getMessage(), 1, Integer::sum);
                        }
                    }
                }
                problems += reader.problemCount();
            }
        }
        unusable.forEach((why, n) -> LOG.info("{}: {} turn(s) left out: {}", folder, n, why));
        if (samples.isEmpty()) {
            throw new IllegalArgumentException(folder + " has no sample the trainer can use (" + problems
                    + " bad record(s), " + unusable + ")");
        }
        LOG.info("{}: {} training turns, {} bad record(s)", folder, samples.size(), problems);
    }

    @Override
    public TrainingExample example(long index) {
        long epoch = index / samples.size();
        int position = (int) (index % samples.size());
        Item item = samples.get(permutation(epoch)[position]);
        Sample s = item.sample();
        try {
            return SampleExamples.of(s, item.turn(), readImage(s), this::readDepth);
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

    /** A 16-bit depth PNG as metres (stored value / units per metre; 0 stays 0, unknown). */
    private float[] readDepth(DepthMapRef ref) throws SampleExamples.Unusable {
        Path file = folder.resolve(ref.path());
        DepthPng.Stored stored;
        try {
            stored = DepthPng.read(file);
        } catch (IOException e) {
            throw new SampleExamples.Unusable("depth map " + file + " cannot be read: " + e.getMessage());
        }
        float[] metres = new float[stored.values().length];
        for (int i = 0; i < metres.length; i++) {
            metres[i] = (float) (stored.values()[i] / ref.unitsPerMetre());
        }
        return metres;
    }

    @Override
    public String describe() {
        return "folder " + folder + " (" + samples.size() + " turns)";
    }
}
