package org.refvlm.spark;

import java.io.PrintStream;
import java.util.concurrent.Callable;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine.Option;

/**
 * What the jobs share: the options that say where Spark runs, and the streams their reports go to.
 * A job started by {@code spark-submit} keeps the master and settings spark-submit gave; one started
 * from {@code bin/refvlm-spark} or a test runs on {@code --master} (default {@code local[*]}).
 */
public abstract class SparkJob implements Callable<Integer> {

    @Option(names = "--master", paramLabel = "URL", description = "Spark master (default: spark-submit's, else local[*])")
    private String master;

    @Option(names = "--partitions", paramLabel = "P", description = "how many tasks share the work (default: "
            + "Spark's default parallelism)")
    private Integer partitions;

    protected PrintStream out = System.out;
    protected PrintStream err = System.err;

    /** Streams for {@link #call}'s report. */
    public SparkJob streams(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
        return this;
    }

    /** A Spark context for this job; the caller closes it. */
    protected JavaSparkContext context(String appName) {
        SparkConf conf = new SparkConf().setAppName(appName);
        if (master != null) {
            conf.setMaster(master);
        } else if (!conf.contains("spark.master")) {
            conf.setMaster("local[*]");
        }
        if (conf.get("spark.master").startsWith("local")) {
            // one machine: no web UI port to bind, and no shuffle partitions beyond the cores
            conf.setIfMissing("spark.ui.enabled", "false");
        }
        return new JavaSparkContext(conf);
    }

    /** The partition count asked for, or Spark's default parallelism, and never more than {@code units}. */
    protected int partitions(JavaSparkContext spark, long units) {
        int p = partitions != null ? partitions : spark.defaultParallelism();
        if (p < 1) {
            throw new IllegalArgumentException("--partitions must be at least 1, got " + p);
        }
        return (int) Math.max(1, Math.min(p, units));
    }
}
