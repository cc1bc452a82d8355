package org.refvlm.spark.synth;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaSparkContext;
import org.refvlm.data.Sample;
import org.refvlm.data.SampleWriter;
import org.refvlm.data.TaskType;
import org.refvlm.data.cli.SynthArguments;
import org.refvlm.data.synth.Scene;
import org.refvlm.data.synth.SynthOptions;
import org.refvlm.data.synth.SyntheticDataset;
import org.refvlm.spark.ShardFile;
import org.refvlm.spark.SparkJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code refvlm-spark synth}: the samples {@code bin/refvlm data synth} writes for the same arguments, built
 * over partitions. Every scene and sample is a function of (seed, split, index) alone, so partition p
 * renders its contiguous range of scenes, writes their pictures and writes their samples, in index order,
 * to {@code samples-<p>.jsonl}; read in name order (as every refvlm data tool reads a folder) the shards
 * are the single-machine {@code samples.jsonl}, line for line.
 */
@Command(name = "synth", sortOptions = false,
        description = "Generates synthetic samples over Spark partitions; same arguments and samples as 'data synth'.")
public final class SynthJob extends SparkJob {

    static final String SHARD_STEM = "samples";

    @Mixin
    private SynthArguments arguments;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        SynthOptions options = arguments.options(spec);
        Path folder = arguments.folder().toAbsolutePath();
        long scenes = new SyntheticDataset(options).sceneCount();
        long start = System.nanoTime();
        Map<TaskType, Long> perTask = new EnumMap<>(TaskType.class);
        int partitions;
        try (JavaSparkContext spark = context("refvlm synth")) {
            partitions = partitions(spark, scenes);
            List<Integer> ids = IntStream.range(0, partitions).boxed().toList();
            String dir = folder.toString(); // Path is not serializable
            boolean describe = arguments.describeScenes();
            List<long[]> counts = spark.parallelize(ids, partitions)
                    .map(p -> writeShard(options, describe, Path.of(dir), p, partitions, scenes))
                    .collect();
            // an earlier run with more partitions left shards this run did not write
            ShardFile.removeFrom(folder, SHARD_STEM, partitions, "jsonl");
            for (long[] c : counts) {
                for (TaskType t : TaskType.values()) {
                    if (c[t.ordinal()] > 0) {
                        perTask.merge(t, c[t.ordinal()], Long::sum);
                    }
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        out.printf("wrote %d samples (%d scenes, %dx%d px) in %d shard(s) to %s in %.2f s: %.0f samples/s%n",
                options.count(), scenes, options.scene().size(), options.scene().size(), partitions, folder, seconds,
                options.count() / seconds);
        perTask.forEach((t, n) -> out.printf("  %-13s %d%n", t.id(), n));
        return 0;
    }

    /**
     * Partition p of parts: renders scenes [p * scenes / parts, (p + 1) * scenes / parts) and writes their
     * samples to shard p, atomically, each turn's prompt starting with the scene in words when
     * {@code describe} ({@code --describe-scenes}); returns the samples written per task type (by ordinal).
     */
    static long[] writeShard(SynthOptions options, boolean describe, Path folder, int p, int parts, long scenes)
            throws IOException {
        SyntheticDataset dataset = describe ? new SyntheticDataset(options).describingScenes() : new SyntheticDataset(options);
        long first = scenes * p / parts, end = scenes * (p + 1) / parts;
        long[] perTask = new long[TaskType.values().length];
        // streamed: a partition's samples never sit in memory together, whatever its size
        ShardFile.write(folder.resolve(ShardFile.name(SHARD_STEM, p, "jsonl")), stream -> {
            Writer w = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8));
            SampleWriter out = new SampleWriter(w);
            for (long k = first; k < end; k++) {
                Scene scene = dataset.renderScene(folder, k);
                for (Sample s : dataset.samplesOf(k, scene)) {
                    out.write(s);
                    perTask[s.task().ordinal()]++;
                }
            }
            out.flush();
        });
        return perTask;
    }
}
