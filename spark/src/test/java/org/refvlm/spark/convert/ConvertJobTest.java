package org.refvlm.spark.convert;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.refvlm.data.cli.ConvertCommand;
import org.refvlm.data.cli.DataCommand;
import org.refvlm.data.convert.ConversionPart;
import org.refvlm.data.convert.ConvertOptions;
import org.refvlm.data.convert.Flickr30kConverter;
import org.refvlm.spark.SparkMain;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * For the same arguments, {@code refvlm-spark convert} writes in shards what {@code data convert} writes
 * and prints the same report. Fixtures: copies of vt-instruct's original-format files with broken records
 * (src/test/resources/org/refvlm/spark/convert), plus one more good Flickr30k image so that both halves of
 * its images give samples.
 */
class ConvertJobTest {

    @TempDir
    Path tmp;

    @Test
    void cocoShardsAreTheSingleMachineFiles() throws Exception {
        String report = sameAsSingleMachine("coco", 3, List.of("--images", tmp.resolve("images").toString(),
                "--instances", fixture("coco/instances_val2017.json"), "--captions", fixture("coco/captions_val2017.json"),
                "--keypoints", fixture("coco/person_keypoints_val2017.json"), "--seed", "5"),
                "coco-instances", "coco-captions", "coco-keypoints");
        // three images per file, three parts each
        assertThat(report).contains("coco-instances: 20 samples, 6 source records skipped", "wrote 9 shard(s)")
                .containsPattern("skipped instances_val2017.json:line \\d+: annotation of unknown image 777");
    }

    @Test
    void refcocoShardsAreTheSingleMachineFile() throws Exception {
        String report = sameAsSingleMachine("refcoco", 3, List.of("--images", tmp.resolve("images").toString(),
                "--refs", fixture("refcoco/refs(unc).p"), "--instances", fixture("refcoco/instances.json"),
                "--dataset", "refcoco+", "--no-task-block"), "refcoco+");
        assertThat(report).contains("refcoco+: 20 samples, 3 source records skipped", "wrote 3 shard(s)")
                .contains("skipped refs(unc).p:record 4: missing numeric 'ann_id'")
                .contains("skipped refs(unc).p:record 5 sentence 0: ");
    }

    @Test
    void flickr30kShardsAreTheSingleMachineFile() throws Exception {
        String report = sameAsSingleMachine("flickr30k", 2, List.of("--images", tmp.resolve("images").toString(),
                "--annotations", fixture("flickr30k/Annotations"), "--sentences", fixture("flickr30k/Sentences")), "flickr30k");
        assertThat(report).contains("flickr30k: 6 samples, 3 source records skipped", "wrote 2 shard(s)")
                .contains("skipped 1000092795.txt:line 5: ");
    }

    @Test
    void vqav2ShardsAreTheSingleMachineFile() throws Exception {
        String report = sameAsSingleMachine("vqav2", 2, List.of("--images", tmp.resolve("images").toString(),
                "--questions", fixture("vqav2/v2_OpenEnded_mscoco_val2014_questions.json"),
                "--annotations", fixture("vqav2/v2_mscoco_val2014_annotations.json"),
                "--image-info", fixture("coco/instances_val2017.json"), "--tasks", "vqa"), "vqav2");
        assertThat(report).contains("vqav2: 3 samples, 3 source records skipped", "wrote 2 shard(s)")
                .containsPattern("skipped v2_mscoco_val2014_annotations.json:line \\d+: annotation of unknown question 999999");
    }

    @Test
    void aRerunWithFewerPartitionsLeavesNoShardOfTheFormerRun() throws Exception {
        List<String> args = List.of("flickr30k", "--images", tmp.resolve("images").toString(),
                "--annotations", fixture("flickr30k/Annotations"), "--sentences", fixture("flickr30k/Sentences"),
                "--out", tmp.resolve("spark").toString(), "--master", "local[2]");
        spark(args, "--partitions", "3");
        assertThat(files(tmp.resolve("spark"), ".jsonl")).hasSize(3);
        spark(args, "--partitions", "2");
        assertThat(files(tmp.resolve("spark"), ".jsonl")).containsExactly("flickr30k-00000.jsonl", "flickr30k-00001.jsonl");
        assertThat(run(new DataCommand()::run, List.of("convert", "flickr30k", "--images", tmp.resolve("images").toString(),
                "--annotations", fixture("flickr30k/Annotations"), "--sentences", fixture("flickr30k/Sentences"),
                "--out", tmp.resolve("single").toString()))).isZero();
        assertThat(shardLines(tmp.resolve("spark"), "flickr30k"))
                .containsExactlyElementsOf(Files.readAllLines(tmp.resolve("single/flickr30k.jsonl")));
    }

    /** What Spark does when it retries a task or runs a speculative copy: the second attempt replaces the shard. */
    @Test
    void aRetriedTaskReplacesItsShard() throws Exception {
        String annotations = fixture("flickr30k/Annotations"), sentences = fixture("flickr30k/Sentences");
        ShardTask task = new ShardTask("flickr30k", 1, (options, out) -> new Flickr30kConverter(options)
                .convertImages(Path.of(annotations), Path.of(sentences), List.of("1000092795"), out));
        ConvertSettings settings = ConvertSettings.of(new ConvertOptions(tmp.resolve("images"), tmp, Flickr30kConverter.TASKS, true, 0));
        ConversionPart first = task.run(settings);
        List<String> lines = Files.readAllLines(tmp.resolve("flickr30k-00001.jsonl"));
        ConversionPart again = task.run(settings);
        assertThat(again.samples()).isEqualTo(first.samples()).isPositive();
        assertThat(Files.readAllLines(tmp.resolve("flickr30k-00001.jsonl"))).isEqualTo(lines).hasSize((int) first.samples());
        try (Stream<Path> s = Files.list(tmp)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("flickr30k-00001.jsonl");
        }
    }

    @Test
    void takesTheOptionsOfDataConvertPlusMasterAndPartitions() {
        CommandLine data = new CommandLine(new ConvertCommand());
        CommandLine spark = ConvertJob.command(System.out, System.err);
        assertThat(spark.getSubcommands().keySet()).containsExactlyInAnyOrderElementsOf(data.getSubcommands().keySet());
        for (String source : data.getSubcommands().keySet()) {
            List<String> expected = new ArrayList<>(optionNames(data.getSubcommands().get(source)));
            expected.addAll(List.of("--master", "--partitions"));
            assertThat(optionNames(spark.getSubcommands().get(source))).as(source).containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    @Test
    void argumentAndInputErrorsComeBeforeSparkStarts() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream errors = new PrintStream(err, true, StandardCharsets.UTF_8);
        String images = tmp.resolve("images").toString(), out = tmp.resolve("out").toString();
        assertThat(new SparkMain().run(List.of("convert", "coco", "--images", images, "--out", out),
                new PrintStream(new ByteArrayOutputStream()), errors)).isEqualTo(2);
        assertThat(new SparkMain().run(List.of("convert", "refcoco", "--refs", fixture("refcoco/refs(unc).p"),
                "--instances", fixture("refcoco/instances.json"), "--images", images, "--out", out, "--tasks", "gcg-box"),
                new PrintStream(new ByteArrayOutputStream()), errors)).isEqualTo(2);
        Path missing = tmp.resolve("missing.json");
        assertThat(new SparkMain().run(List.of("convert", "vqav2", "--questions", missing.toString(), "--annotations", "x",
                "--images", images, "--out", out), new PrintStream(new ByteArrayOutputStream()), errors)).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("coco needs --instances, --captions or --keypoints")
                .contains("task gcg-box is not produced by this converter")
                .contains("refvlm-spark convert vqav2: " + missing);
    }

    @Test
    void aTaskFailureIsReportedAsTheConverterReportsIt() throws Exception {
        Path annotations = tmp.resolve("v2_mscoco_val2014_annotations.json");
        Files.writeString(annotations, "{\"annotations\": [{\"question_id\": 1}, {x]}");
        List<String> args = List.of("vqav2", "--questions", fixture("vqav2/v2_OpenEnded_mscoco_val2014_questions.json"),
                "--annotations", annotations.toString(), "--images", tmp.resolve("images").toString());
        ByteArrayOutputStream dataErr = new ByteArrayOutputStream(), sparkErr = new ByteArrayOutputStream();
        List<String> data = new ArrayList<>(List.of("convert"));
        data.addAll(args);
        data.addAll(List.of("--out", tmp.resolve("single").toString()));
        assertThat(new DataCommand().run(data, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(dataErr, true, StandardCharsets.UTF_8))).isEqualTo(1);
        List<String> job = new ArrayList<>(List.of("convert"));
        job.addAll(args);
        job.addAll(List.of("--out", tmp.resolve("spark").toString(), "--master", "local[2]", "--partitions", "2"));
        assertThat(new SparkMain().run(job, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(sparkErr, true, StandardCharsets.UTF_8))).isEqualTo(1);
        // the task's own exception, not Spark's stage failure with its trace
        String message = dataErr.toString(StandardCharsets.UTF_8).lines().findFirst().orElseThrow()
                .substring("data convert vqav2: ".length());
        assertThat(message).startsWith("Unexpected character ('x'");
        assertThat(sparkErr.toString(StandardCharsets.UTF_8)).startsWith("refvlm-spark convert vqav2: " + message)
                .doesNotContain("Job aborted");
    }

    /**
     * Runs {@code data convert <source>} and the Spark job on {@code partitions} parts with the same
     * arguments; each samples file must equal its shards read in name order, and the reports must be the
     * same. Returns the Spark job's report.
     */
    private String sameAsSingleMachine(String source, int partitions, List<String> args, String... stems) throws IOException {
        Path single = tmp.resolve("single"), sharded = tmp.resolve("spark");
        List<String> data = new ArrayList<>(List.of("convert", source));
        data.addAll(args);
        data.addAll(List.of("--out", single.toString()));
        ByteArrayOutputStream dataOut = new ByteArrayOutputStream();
        assertThat(new DataCommand().run(data, new PrintStream(dataOut, true, StandardCharsets.UTF_8), System.err)).isZero();

        List<String> job = new ArrayList<>(List.of(source));
        job.addAll(args);
        String report = spark(job, "--out", sharded.toString(), "--master", "local[2]", "--partitions", Integer.toString(partitions));

        assertThat(report).startsWith(dataOut.toString(StandardCharsets.UTF_8));
        for (String stem : stems) {
            List<String> expected = Files.readAllLines(single.resolve(stem + ".jsonl"));
            assertThat(expected).as(stem).isNotEmpty();
            assertThat(shardLines(sharded, stem)).as(stem).containsExactlyElementsOf(expected);
        }
        // the work was really shared: more than one shard holds samples, and nothing else was written
        assertThat(files(sharded, ".jsonl")).filteredOn(f -> size(sharded.resolve(f)) > 0).hasSizeGreaterThan(1);
        try (Stream<Path> s = Files.list(sharded)) {
            assertThat(s.map(p -> p.getFileName().toString())).allMatch(n -> n.matches(".+-\\d{5}\\.jsonl"));
        }
        return report;
    }

    private static String spark(List<String> args, String... more) {
        List<String> all = new ArrayList<>(List.of("convert"));
        all.addAll(args);
        all.addAll(List.of(more));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = new SparkMain().run(all, new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        assertThat(status).as("refvlm-spark %s", all).isZero();
        return out.toString(StandardCharsets.UTF_8);
    }

    private interface Command {
        int run(List<String> args, PrintStream out, PrintStream err);
    }

    private static int run(Command command, List<String> args) {
        return command.run(args, new PrintStream(new ByteArrayOutputStream()), System.err);
    }

    private static List<String> shardLines(Path dir, String stem) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String f : files(dir, ".jsonl")) {
            if (f.matches(java.util.regex.Pattern.quote(stem) + "-\\d{5}\\.jsonl")) {
                lines.addAll(Files.readAllLines(dir.resolve(f)));
            }
        }
        return lines;
    }

    private static List<String> files(Path dir, String suffix) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(suffix)).sorted().toList();
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<String> optionNames(CommandLine command) {
        return command.getCommandSpec().options().stream().map(OptionSpec::longestName).toList();
    }

    private static String fixture(String name) throws URISyntaxException {
        return Path.of(ConvertJobTest.class.getResource(name).toURI()).toString();
    }
}
