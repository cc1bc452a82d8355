package org.refvlm.spark.convert;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkException;
import org.apache.spark.api.java.JavaSparkContext;
import org.refvlm.cli.CommandLines;
import org.refvlm.data.cli.ConversionSummary;
import org.refvlm.data.cli.ConvertArguments;
import org.refvlm.data.convert.ConversionPart;
import org.refvlm.data.convert.ConversionReport;
import org.refvlm.data.convert.ConvertOptions;
import org.refvlm.spark.ShardFile;
import org.refvlm.spark.SparkJob;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What the four {@code refvlm-spark convert} sources share. The driver checks the arguments (usage errors
 * come before Spark starts), reads each input's index (image ids, refs, sentence files, question ids; an
 * unreadable input fails here, naming the file), cuts it into parts, and runs one task per part; each task
 * writes shard {@code <stem>-<p>.jsonl}. Read in name order, as every refvlm data tool reads a folder, the
 * shards of a file are the {@code <stem>.jsonl} {@code data convert} writes, line for line. The driver
 * merges the parts' reports and prints them as {@code data convert} does.
 */
abstract class SourceJob extends SparkJob {

    @Mixin
    private ConvertArguments common;

    @Spec
    private CommandSpec spec;

    /** The converter's settings, after checking the source's arguments: usage errors. */
    protected abstract ConvertOptions options(ConvertArguments common);

    /** The samples files to write and their parts, from the inputs' index read on the driver. */
    protected abstract List<SamplesFile> plan() throws IOException;

    @Override
    public final Integer call() throws IOException {
        ConvertOptions options = options(common);
        List<SamplesFile> files = plan();
        Path folder = common.out().toAbsolutePath();
        Files.createDirectories(folder);
        long start = System.nanoTime();
        List<ShardTask> tasks = new ArrayList<>();
        List<ConversionPart> parts;
        try (JavaSparkContext spark = context("refvlm convert " + spec.name())) {
            for (SamplesFile f : files) {
                List<PartConversion> conversions = f.parts().apply(partitions(spark, f.units()));
                for (int p = 0; p < conversions.size(); p++) {
                    tasks.add(new ShardTask(f.stem(), p, conversions.get(p)));
                }
            }
            ConvertSettings settings = ConvertSettings.of(options);
            parts = run(spark, tasks, settings);
        }
        List<ConversionReport> reports = new ArrayList<>();
        for (SamplesFile f : files) {
            List<ConversionPart> mine = new ArrayList<>();
            for (int i = 0; i < tasks.size(); i++) {
                if (tasks.get(i).stem().equals(f.stem())) {
                    mine.add(parts.get(i));
                }
            }
            reports.add(ConversionPart.merge(mine));
            // a former run with more partitions left shards this run did not overwrite
            ShardFile.removeFrom(folder, f.stem(), mine.size(), "jsonl");
        }
        long samples = ConversionSummary.print(reports, out);
        out.printf("wrote %d shard(s) to %s in %.2f s%n", tasks.size(), folder, (System.nanoTime() - start) / 1e9);
        if (samples == 0) {
            err.println(spec.qualifiedName() + ": no samples produced");
            return CommandLines.FAILED;
        }
        return CommandLines.OK;
    }

    /** The tasks' reports, in task order; a task's failure is reported as its own exception. */
    private static List<ConversionPart> run(JavaSparkContext spark, List<ShardTask> tasks, ConvertSettings settings)
            throws IOException {
        try {
            return spark.parallelize(tasks, tasks.size()).map(t -> t.run(settings)).collect();
        } catch (Exception e) {
            // Spark's SparkException (thrown unchecked from Scala) carries the stage's whole trace in its message;
            // the person running the job wants what data convert would say: the task's own exception
            if (e instanceof SparkException && e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e instanceof SparkException && e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }
}
