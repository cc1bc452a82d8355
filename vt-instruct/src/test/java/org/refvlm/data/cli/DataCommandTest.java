package org.refvlm.data.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DataCommandTest {
    final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();

    int run(String... args) {
        outBytes.reset();
        errBytes.reset();
        return new DataCommand().run(List.of(args), new PrintStream(outBytes, true, StandardCharsets.UTF_8),
                new PrintStream(errBytes, true, StandardCharsets.UTF_8));
    }

    String out() {
        return outBytes.toString(StandardCharsets.UTF_8);
    }

    String err() {
        return errBytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void synthThenCheckThenShow(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("val");
        assertThat(run("synth", "--n", "200", "--split", "val", "--seed", "1", "--out", data.toString())).isEqualTo(0);
        assertThat(out()).contains("wrote 200 samples");
        assertThat(run("check", data.toString())).as(out()).isEqualTo(0);
        assertThat(out()).contains("0 problems").contains("all task types present").contains("depth");
        Path png = dir.resolve("show/s.png");
        assertThat(run("show", data.toString(), "19", "--out", png.toString())).as(err()).isEqualTo(0);
        BufferedImage img = ImageIO.read(png.toFile());
        // sample 18 is a depth sample: the depth map is drawn beside the 512 px picture
        assertThat(run("show", data.toString(), "18", "--out", png.toString())).as(err()).isEqualTo(0);
        assertThat(ImageIO.read(png.toFile()).getWidth()).isEqualTo(1024);
        assertThat(img.getWidth()).isGreaterThanOrEqualTo(512);
        assertThat(run("show", data.toString(), "9", "--out", png.toString(), "--turn", "0")).as(err()).isEqualTo(0);
        assertThat(run("show", data.toString(), "5000", "--out", png.toString())).isEqualTo(1);
        assertThat(err()).contains("only 200 valid samples");
    }

    @Test
    void tasksAndSizeOptions(@TempDir Path dir) {
        assertThat(run("synth", "--n", "10", "--split", "test", "--seed", "2", "--out", dir.toString(),
                "--tasks", "rec,depth", "--size", "64")).isEqualTo(0);
        assertThat(out()).contains("rec           5").contains("depth         5");
        assertThat(run("check", dir.toString())).isEqualTo(0);
        assertThat(out()).contains("task types absent");
    }

    /** --describe-scenes: the same samples, every turn's prompt starting with the scene in words. */
    @Test
    void describedScenesPutTheSceneInWordsBeforeEveryTurn(@TempDir Path dir) throws Exception {
        Path plain = dir.resolve("plain"), described = dir.resolve("described");
        assertThat(run("synth", "--n", "6", "--split", "val", "--seed", "3", "--tasks", "vqa", "--per-scene", "1",
                "--out", plain.toString())).isEqualTo(0);
        assertThat(run("synth", "--n", "6", "--split", "val", "--seed", "3", "--tasks", "vqa", "--per-scene", "1",
                "--describe-scenes", "--out", described.toString())).isEqualTo(0);
        assertThat(run("check", described.toString())).as(out()).isEqualTo(0);
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        List<String> a = Files.readAllLines(plain.resolve("samples.jsonl"));
        List<String> b = Files.readAllLines(described.resolve("samples.jsonl"));
        assertThat(b).hasSameSizeAs(a);
        for (int i = 0; i < a.size(); i++) {
            var turnsA = json.readTree(a.get(i)).get("turns");
            var turnsB = json.readTree(b.get(i)).get("turns");
            String words = null;
            for (int t = 0; t < turnsA.size(); t++) {
                String userA = turnsA.get(t).get("user").asText(), userB = turnsB.get(t).get("user").asText();
                assertThat(turnsB.get(t).get("answer")).isEqualTo(turnsA.get(t).get("answer"));
                String restA = userA.replace("<image>", ""), restB = userB.replace("<image>", "");
                assertThat(restB).startsWith("The picture shows ").endsWith(". " + restA);
                String w = restB.substring(0, restB.length() - restA.length() - 1);
                assertThat(words == null || words.equals(w)).as("one description per scene").isTrue();
                words = w;
                assertThat(userB.startsWith("<image>")).isEqualTo(userA.startsWith("<image>"));
            }
        }
    }

    @Test
    void checkFailsOnProblems(@TempDir Path dir) throws Exception {
        assertThat(run("synth", "--n", "8", "--split", "test", "--seed", "2", "--out", dir.toString(), "--tasks", "rec")).isEqualTo(0);
        Path f = dir.resolve("samples.jsonl");
        List<String> lines = Files.readAllLines(f);
        lines.set(3, lines.get(3).replace("[0]<REF>", "[5]<REF>"));
        lines.add("{broken");
        Files.write(f, lines);
        assertThat(run("check", dir.toString())).isEqualTo(1);
        assertThat(out()).contains("samples.jsonl:4:").contains("samples.jsonl:9:").contains("2 problems");
        Files.delete(dir.resolve("images/test-000000.png"));
        assertThat(run("check", dir.toString())).isEqualTo(1);
        assertThat(out()).contains("image file not found");
        assertThat(run("check", dir.toString(), "--no-files")).isEqualTo(1);
    }

    private static String fixture(String name) throws Exception {
        return Path.of(DataCommandTest.class.getResource("/org/refvlm/data/convert/" + name).toURI()).toString();
    }

    @Test
    void convertEachSourceThenCheck(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("converted");
        String images = dir.resolve("images").toString();
        assertThat(run("convert", "coco", "--images", images, "--out", out.toString(),
                "--instances", fixture("coco/instances_val2017.json"), "--captions", fixture("coco/captions_val2017.json"),
                "--keypoints", fixture("coco/person_keypoints_val2017.json"))).as(err()).isEqualTo(0);
        assertThat(out()).contains("coco-instances: 20 samples, 6 source records skipped").contains("coco-keypoints: 2 samples")
                .contains("skipped instances_val2017.json:line ");
        assertThat(run("convert", "refcoco", "--refs", fixture("refcoco/refs(unc).p"), "--instances", fixture("refcoco/instances.json"),
                "--images", images, "--out", out.toString(), "--tasks", "rec,res")).as(err()).isEqualTo(0);
        assertThat(out()).contains("refcoco: 10 samples, 3 source records skipped");
        assertThat(run("convert", "flickr30k", "--annotations", fixture("flickr30k/Annotations"), "--sentences",
                fixture("flickr30k/Sentences"), "--images", images, "--out", out.toString())).as(err()).isEqualTo(0);
        assertThat(out()).contains("flickr30k: 4 samples");
        assertThat(run("convert", "vqav2", "--questions", fixture("vqav2/v2_OpenEnded_mscoco_val2014_questions.json"),
                "--annotations", fixture("vqav2/v2_mscoco_val2014_annotations.json"), "--images", images,
                "--out", out.toString())).as(err()).isEqualTo(0);
        assertThat(run("check", out.toString(), "--no-files")).as(out()).isEqualTo(0);
        assertThat(out()).contains("6 files, 42 valid samples").contains("0 problems");
        assertThat(run("convert", "refcoco", "--refs", fixture("refcoco/refs(unc).p"), "--instances", fixture("refcoco/instances.json"),
                "--images", images, "--out", out.toString(), "--tasks", "gcg-box")).isEqualTo(2);
        assertThat(run("convert", "imagenet", "--images", images, "--out", out.toString())).isEqualTo(2);
        assertThat(run("convert", "vqav2", "--questions", dir.resolve("missing.json").toString(), "--annotations", "x",
                "--images", images, "--out", out.toString())).isEqualTo(1);
    }

    @Test
    void usageErrorsExitWithTwo() {
        assertThat(run()).isEqualTo(2);
        assertThat(run("frobnicate")).isEqualTo(2);
        assertThat(run("synth", "--n", "5")).isEqualTo(2);
        assertThat(err()).contains("data synth: Missing required options: '--split=train|val|test', '--seed=S', '--out=FOLDER'\nUsage: data synth");
        assertThat(run("synth", "--n", "5", "--split", "dev", "--seed", "1", "--out", "x")).isEqualTo(2);
        assertThat(run("synth", "--n", "5", "--split", "val", "--seed", "1", "--out", "x", "--size", "1000")).isEqualTo(2);
        assertThat(run("synth", "--n", "5", "--split", "val", "--seed", "1", "--out", "x", "--tasks", "nope")).isEqualTo(2);
        assertThat(run("check")).isEqualTo(2);
        assertThat(run("show", "x")).isEqualTo(2);
        assertThat(run("synth", "--help")).isEqualTo(0);
        assertThat(out()).contains("--tasks");
    }
}
