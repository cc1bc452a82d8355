package org.refvlm.spark.eval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaSparkContext;
import org.refvlm.spark.SparkJob;
import org.refvlm.trainer.eval.EvalCommandLine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code refvlm-spark eval}: {@code bin/refvlm eval} over Spark partitions. Partition k of N runs
 * {@code eval <arguments> --shard k/N --answers-out <out>/answers/part-k.jsonl} on its executor's platform
 * (booted once per JVM, {@link ExecutorPlatform}): it answers the questions at positions i = k mod N of
 * the run and records the answers. The driver then runs {@code eval <arguments> --answers-from
 * <out>/answers}, which scores every recorded answer with the evaluators a single run uses and writes the
 * same report; that is why both give the same metrics.
 */
@Command(name = "eval", sortOptions = false,
        description = {"Evaluates a model over Spark partitions; takes the arguments of 'bin/refvlm eval' "
                + "(see 'bin/refvlm eval --help') and reports what it reports.",
                "  refvlm-spark eval --task rec --data DIR [--model DIR] [--runtime DIR] [--master URL] [--partitions P] ..."})
public final class EvalJob extends SparkJob {

    static final String ANSWERS = "answers";
    private static final Logger LOG = LoggerFactory.getLogger(EvalJob.class);
    private static final Pattern RECORDED = Pattern.compile("eval: recorded (\\d+) answer");

    @Option(names = "--runtime", paramLabel = "DIR", description = "the refvlm runtime folder every executor reads "
            + "(default: $REFVLM_RUNTIME, which bin/refvlm-spark sets to the one it builds)")
    private String runtime;

    @Unmatched
    private List<String> evalArguments = new ArrayList<>();

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        EvalCommandLine a;
        try {
            a = EvalCommandLine.parse(evalArguments);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        if (a.help()) {
            out.print(EvalCommandLine.usage());
            return 0;
        }
        if (a.answersOut() != null || a.answersFrom() != null) {
            throw new ParameterException(spec.commandLine(), "the job records and scores the answers itself: "
                    + "--shard, --answers-out and --answers-from are its own");
        }
        String runtimeDir = runtime != null ? runtime : System.getenv("REFVLM_RUNTIME");
        if (runtimeDir == null || runtimeDir.isBlank()) {
            throw new ParameterException(spec.commandLine(), "give --runtime (the refvlm runtime folder), or run "
                    + "through bin/refvlm-spark, which builds one");
        }
        List<String> asked = new ArrayList<>(evalArguments);
        if (a.model() == null) {
            // every executor must load the same model: name it, rather than leave it to each one's configuration
            String model = System.getenv("REFVLM_MODEL");
            if (model == null || model.isBlank()) {
                throw new ParameterException(spec.commandLine(), "give --model (no default model: REFVLM_MODEL is not set)");
            }
            asked.addAll(List.of("--model", Path.of(model).toAbsolutePath().toString()));
        }
        Path answers = a.out().resolve(ANSWERS).toAbsolutePath();
        removeEarlierShards(answers);

        long start = System.nanoTime();
        long answered;
        int shards;
        try (JavaSparkContext spark = context("refvlm eval")) {
            shards = partitions(spark, Integer.MAX_VALUE);
            int n = shards;
            String answersDir = answers.toString(); // Path is not serializable
            out.println("eval: " + n + " shard(s) on " + spark.master() + ", answers recorded in " + answers);
            List<Long> counts = spark.parallelize(IntStream.range(0, n).boxed().toList(), n)
                    .map(k -> answerShard(runtimeDir, asked, k, n, answersDir)).collect();
            answered = counts.stream().mapToLong(Long::longValue).sum();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        out.printf("eval: %d question(s) answered by %d shard(s) in %.1f s (%.2f per second)%n", answered, shards,
                seconds, answered / seconds);

        List<String> scoring = withoutOptions(evalArguments, Set.of("--model", "--decoder"));
        scoring.addAll(List.of("--answers-from", answers.toString()));
        ExecutorPlatform.Result r = ExecutorPlatform.run(runtimeDir, "refvlm:eval", scoring);
        out.print(r.out());
        err.print(r.err());
        return r.status();
    }

    /**
     * On an executor: answers shard k of n and records it; returns how many questions it answered.
     *
     * @throws IllegalStateException with the end of the command's output when it failed (Spark then retries
     *                               the task, whose rerun replaces the shard's file)
     */
    static long answerShard(String runtime, List<String> asked, int k, int n, String answers) throws Exception {
        List<String> args = new ArrayList<>(asked);
        args.addAll(List.of("--shard", k + "/" + n, "--answers-out",
                Path.of(answers, String.format("part-%05d.jsonl", k)).toString()));
        ExecutorPlatform.Result r = ExecutorPlatform.run(runtime, "refvlm:eval", args,
                line -> LOG.info("shard {}/{}: {}", k, n, line));
        if (r.status() != 0) {
            throw new IllegalStateException("eval shard " + k + "/" + n + " failed (status " + r.status() + "):\n" + r.tail(20));
        }
        Matcher m = RECORDED.matcher(r.out());
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    /** A rerun with fewer partitions must not score the extra shards an earlier run left. */
    private static void removeEarlierShards(Path answers) throws IOException {
        if (!Files.isDirectory(answers)) {
            return;
        }
        try (Stream<Path> files = Files.list(answers)) {
            for (Path f : files.filter(f -> f.getFileName().toString().matches("part-\\d+\\.jsonl")).toList()) {
                Files.delete(f);
            }
        }
    }

    /** The arguments without the named options and their values ({@code --model M} or {@code --model=M}). */
    static List<String> withoutOptions(List<String> args, Set<String> names) {
        List<String> kept = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            int eq = arg.indexOf('=');
            if (names.contains(arg)) {
                i++; // and its value
            } else if (!(eq > 0 && names.contains(arg.substring(0, eq)))) {
                kept.add(arg);
            }
        }
        return kept;
    }
}
