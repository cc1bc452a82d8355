package org.refvlm.trainer.eval.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.refvlm.api.BoxUnit;
import org.refvlm.api.ReferredObject;
import org.refvlm.api.Response;
import org.refvlm.data.TaskType;
import org.refvlm.data.cli.DataCommand;
import org.refvlm.trainer.eval.Evaluator;
import org.refvlm.trainer.score.cli.ScoreCommand;

/**
 * The scorers on real-format data: a COCO instances fixture goes through {@code data convert coco},
 * a model answers its class-prompted detection turns, and {@code eval --task ovd}'s AP is the AP
 * {@code score coco} gives for the same detections written against the original COCO file (its
 * image and category ids), which is how pycocotools would be run on them.
 */
class ConvertedCocoEvalTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void evalOnConvertedCocoGivesTheApOfScoreCocoOnTheOriginalFile() throws Exception {
        Path fixture = dir.resolve("instances_fixture.json");
        try (InputStream in = getClass().getResourceAsStream("/org/refvlm/trainer/eval/coco/instances_fixture.json")) {
            Files.copy(in, fixture);
        }
        JsonNode coco = JSON.readTree(fixture.toFile());
        Path images = Files.createDirectories(dir.resolve("images"));
        for (JsonNode im : coco.path("images")) {
            ImageIO.write(new BufferedImage(im.path("width").asInt(), im.path("height").asInt(), BufferedImage.TYPE_INT_RGB),
                    "png", images.resolve(im.path("file_name").asText()).toFile());
        }
        Path converted = dir.resolve("converted");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        int status = new DataCommand().run(List.of("convert", "coco", "--images", images.toString(), "--instances",
                fixture.toString(), "--tasks", "ovd", "--out", converted.toString()), new PrintStream(log), new PrintStream(log));
        assertThat(status).as(log.toString()).isZero();

        Map<String, Long> categoryIds = new LinkedHashMap<>();
        coco.path("categories").forEach(c -> categoryIds.put(c.path("name").asText(), c.path("id").asLong()));
        TurnDataset data = TurnDataset.load(converted, SuiteTask.OVD.types(), 0);
        assertThat(data.items()).isNotEmpty().allMatch(i -> i.sample().task() == TaskType.OVD);
        Path out = dir.resolve("eval-ovd");
        TaskReport report = new TaskEvaluator(Evaluator.greedy(16), "scripted").evaluate(
                TaskScorersTest.scripted(data.items(), item -> answer(item, coco)), SuiteTask.OVD, data,
                SuiteTask.OVD.newScorer(new OpenVocabularyScorer.Ids(categoryIds, true)), out, p -> { });

        // the same detections, written against the original file by hand
        ArrayNode results = JSON.createArrayNode();
        Map<Long, List<String>> classesPerImage = new LinkedHashMap<>();
        Map<Long, String> names = new LinkedHashMap<>();
        coco.path("categories").forEach(c -> names.put(c.path("id").asLong(), c.path("name").asText()));
        coco.path("annotations").forEach(a -> {
            List<String> l = classesPerImage.computeIfAbsent(a.path("image_id").asLong(), k -> new ArrayList<>());
            String name = names.get(a.path("category_id").asLong());
            if (!l.contains(name)) {
                l.add(name);
            }
        });
        classesPerImage.forEach((image, classes) -> classes.forEach(c -> {
            for (double[] d : detections(image, c, coco)) {
                ObjectNode r = results.addObject();
                r.put("image_id", image);
                r.put("category_id", categoryIds.get(c));
                r.putArray("bbox").add(d[0]).add(d[1]).add(d[2]).add(d[3]);
                r.put("score", d[4]);
            }
        }));
        Path resultsFile = dir.resolve("by_hand.json");
        JSON.writeValue(resultsFile.toFile(), results);
        Path scores = dir.resolve("scores.json");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertThat(new ScoreCommand().run(List.of("coco", "--gt", fixture.toString(), "--results", resultsFile.toString(),
                "--type", "bbox", "--out", scores.toString()), new ByteArrayInputStream(new byte[0]),
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err))).as(err.toString(StandardCharsets.UTF_8)).isZero();
        JsonNode stats = JSON.readTree(scores.toFile()).path("stats");

        assertThat(report.metric("mAP")).isGreaterThan(0.05).isLessThan(0.95).isEqualTo(stats.get(0).asDouble());
        assertThat(report.metric("AP50")).isEqualTo(stats.get(1).asDouble());
        // the exported results file is the hand-written one, record for record, in the original ids
        JsonNode exported = JSON.readTree(out.resolve("coco_results_ovd.json").toFile());
        assertThat(exported.size()).isEqualTo(results.size());
    }

    /** The turn's class, detected in its picture: the scripted detections of that image and class. */
    private static Response answer(TurnItem item, JsonNode coco) {
        long image = Long.parseLong(item.sample().meta().get("image_id"));
        String cls = item.turn().groups().get(0).phrase();
        List<ReferredObject> objects = new ArrayList<>();
        int j = 0;
        for (double[] d : detections(image, cls, coco)) {
            objects.add(ReferredObject.decoded(cls, j++, new BoxUnit(d[0], d[1], d[0] + d[2], d[1] + d[3], d[4])));
        }
        return new Response("<Phrase>" + cls + "</Phrase>", objects, List.of());
    }

    /**
     * Detections {x, y, w, h, score} of one class in one image: every true box moved by a few whole
     * pixels, and one box where nothing is; seeded by image and class, so both sides see the same.
     */
    private static List<double[]> detections(long image, String cls, JsonNode coco) {
        SplittableRandom rnd = new SplittableRandom(image * 31 + cls.hashCode());
        long category = 0;
        for (JsonNode c : coco.path("categories")) {
            if (c.path("name").asText().equals(cls)) {
                category = c.path("id").asLong();
            }
        }
        List<double[]> out = new ArrayList<>();
        for (JsonNode a : coco.path("annotations")) {
            if (a.path("image_id").asLong() == image && a.path("category_id").asLong() == category) {
                JsonNode b = a.path("bbox");
                out.add(new double[] {b.get(0).asDouble() + rnd.nextInt(-6, 7), b.get(1).asDouble() + rnd.nextInt(-6, 7),
                    b.get(2).asDouble() + rnd.nextInt(-6, 7), b.get(3).asDouble(), rnd.nextInt(1, 100) / 100.0});
            }
        }
        out.add(new double[] {rnd.nextInt(0, 40), rnd.nextInt(0, 40), rnd.nextInt(10, 30), rnd.nextInt(10, 30),
            rnd.nextInt(1, 100) / 100.0});
        return out;
    }
}
