package org.refvlm.spark.synth;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.refvlm.data.cli.DataCommand;
import org.refvlm.spark.SparkMain;

/** The Spark job writes, for the same arguments, what {@code data synth} writes: samples and pictures. */
class SynthJobTest {

    @TempDir
    Path tmp;

    @Test
    void sameSamplesAndPicturesAsTheSingleMachineCommand() throws IOException {
        // 3 partitions over 23 samples of 4 per scene: 6 scenes, uneven shards, a last scene with 3 samples
        List<String> common = List.of("--n", "23", "--split", "val", "--seed", "17", "--size", "64");
        Path single = tmp.resolve("single");
        Path spark = tmp.resolve("spark");
        assertThat(run(new DataCommand()::run, "synth", common, "--out", single.toString())).isZero();
        String report = runSpark(common, "--out", spark.toString(), "--master", "local[2]", "--partitions", "3");
        assertThat(report).contains("wrote 23 samples (6 scenes").contains("in 3 shard(s)");

        assertThat(files(spark, ".jsonl")).containsExactly("samples-00000.jsonl", "samples-00001.jsonl", "samples-00002.jsonl");
        assertThat(shardedLines(spark)).containsExactlyElementsOf(Files.readAllLines(single.resolve("samples.jsonl")));

        List<String> pictures = relativeFiles(single, ".png");
        assertThat(pictures).contains("images/val-000005.png").anyMatch(p -> p.startsWith("depth/"));
        assertThat(relativeFiles(spark, ".png")).containsExactlyElementsOf(pictures);
        for (String p : pictures) {
            assertThat(Files.readAllBytes(spark.resolve(p))).as(p).isEqualTo(Files.readAllBytes(single.resolve(p)));
        }
        // no temporary file of a shard or picture is left behind
        assertThat(relativeFiles(spark, ".tmp")).isEmpty();
    }

    @Test
    void describedScenesAreTheSingleMachineCommandsToo() throws IOException {
        List<String> common = List.of("--n", "9", "--split", "val", "--seed", "18", "--size", "64", "--describe-scenes");
        Path single = tmp.resolve("single-described");
        Path spark = tmp.resolve("spark-described");
        assertThat(run(new DataCommand()::run, "synth", common, "--out", single.toString())).isZero();
        runSpark(common, "--out", spark.toString(), "--master", "local[2]", "--partitions", "2");
        assertThat(shardedLines(spark)).containsExactlyElementsOf(Files.readAllLines(single.resolve("samples.jsonl")))
                .allMatch(line -> line.contains("The picture shows "));
    }

    @Test
    void aRerunOverwritesItsShardsInsteadOfAddingToThem() throws IOException {
        List<String> args = List.of("--n", "8", "--split", "train", "--seed", "3", "--size", "64",
                "--out", tmp.toString(), "--master", "local[1]", "--partitions", "2");
        runSpark(args);
        List<String> first = Files.readAllLines(tmp.resolve("samples-00001.jsonl"));
        runSpark(args);
        assertThat(Files.readAllLines(tmp.resolve("samples-00001.jsonl"))).isEqualTo(first);
        assertThat(files(tmp, ".jsonl")).hasSize(2);
        // a rerun on fewer partitions leaves no shard of the earlier run behind
        List<String> fewer = new ArrayList<>(args.subList(0, args.size() - 1));
        fewer.add("1");
        runSpark(fewer);
        assertThat(files(tmp, ".jsonl")).containsExactly("samples-00000.jsonl");
        assertThat(Files.readAllLines(tmp.resolve("samples-00000.jsonl"))).hasSize(8).endsWith(first.toArray(String[]::new));
    }

    @Test
    void badArgumentsAreUsageErrorsBeforeSparkStarts() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = new SparkMain().run(List.of("synth", "--n", "-1", "--split", "val", "--seed", "1",
                "--out", tmp.toString()), new PrintStream(new ByteArrayOutputStream()), new PrintStream(err));
        assertThat(status).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--n must not be negative");
    }

    private static String runSpark(List<String> args, String... more) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<String> all = new ArrayList<>(List.of("synth"));
        all.addAll(args);
        all.addAll(List.of(more));
        int status = new SparkMain().run(all, new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        assertThat(status).as("refvlm-spark %s", all).isZero();
        return out.toString(StandardCharsets.UTF_8);
    }

    private interface Command {
        int run(List<String> args, PrintStream out, PrintStream err);
    }

    private static int run(Command command, String name, List<String> args, String... more) {
        List<String> all = new ArrayList<>(List.of(name));
        all.addAll(args);
        all.addAll(List.of(more));
        return command.run(all, new PrintStream(new ByteArrayOutputStream()), System.err);
    }

    /** The lines of the folder's shards, in shard order: what a reader of the folder sees. */
    private static List<String> shardedLines(Path dir) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String f : files(dir, ".jsonl")) {
            lines.addAll(Files.readAllLines(dir.resolve(f)));
        }
        return lines;
    }

    private static List<String> files(Path dir, String suffix) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(suffix)).sorted().toList();
        }
    }

    private static List<String> relativeFiles(Path dir, String suffix) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString().replace('\\', '/'))
                    .filter(n -> n.endsWith(suffix)).sorted().toList();
        }
    }
}
