package org.refvlm.trainer.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.refvlm.trainer.score.cli.ScoreCommand;

/**
 * The numbers the reference evaluators printed for the fixture files (pycocotools, pycocoevalcap,
 * the VQA script, POPE's rule; {@code expected.json}, copied with its inputs from the project's
 * shared metrics folder) reproduced by {@code score}, to the stated tolerances: COCO stats within
 * 1e-6, CIDEr-D / BLEU / POPE within 1e-9 relative, VQA exactly.
 */
class ReferenceScoresTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FIXTURES = "/org/refvlm/trainer/score/reference/";
    private static JsonNode expected;

    @TempDir
    static Path dir;

    @BeforeAll
    static void copyFixtures() throws IOException {
        for (String f : List.of("coco_gt.json", "coco_gt_keypoints.json", "det_bbox.json", "det_segm.json",
                "det_keypoints.json", "captions.json", "vqa.json", "pope.json", "expected.json")) {
            try (InputStream in = ReferenceScoresTest.class.getResourceAsStream(FIXTURES + f)) {
                Files.copy(in, dir.resolve(f));
            }
        }
        expected = JSON.readTree(dir.resolve("expected.json").toFile());
    }

    @ParameterizedTest
    @ValueSource(strings = {"bbox", "segm", "keypoints"})
    void cocoStatsAreThoseOfPycocotools(String type) throws Exception {
        String gt = type.equals("keypoints") ? "coco_gt_keypoints.json" : "coco_gt.json";
        JsonNode s = score("coco", "--gt", path(gt), "--results", path("det_" + type + ".json"), "--type", type);
        JsonNode want = expected.path("coco").path(type).path("stats");
        assertThat(s.path("stats")).hasSize(want.size());
        for (int i = 0; i < want.size(); i++) {
            assertThat(s.path("stats").get(i).asDouble()).as("%s stats[%d]", type, i)
                    .isCloseTo(want.get(i).asDouble(), within(1e-6));
        }
    }

    @Test
    void ciderAndBleuAreThoseOfPycocoevalcap() throws Exception {
        JsonNode s = score("captions", "--in", path("captions.json"));
        JsonNode want = expected.path("captions");
        assertRelative(s.path("CIDEr-D").asDouble(), want.path("CIDEr-D").asDouble(), "CIDEr-D");
        want.path("CIDEr-D per image").fields().forEachRemaining(e -> assertRelative(
                s.path("CIDEr-D per image").path(e.getKey()).asDouble(Double.NaN), e.getValue().asDouble(),
                "CIDEr-D of image " + e.getKey()));
        for (int n = 0; n < 4; n++) {
            assertRelative(s.path("BLEU").get(n).asDouble(), want.path("BLEU-1..4").get(n).asDouble(), "BLEU-" + (n + 1));
        }
    }

    @Test
    void vqaAccuracyIsThatOfTheChallengeScript() throws Exception {
        JsonNode s = score("vqa", "--in", path("vqa.json"));
        JsonNode want = expected.path("vqa");
        assertThat(s.path("overall").asDouble()).isEqualTo(want.path("overall").asDouble());
        assertThat(s.path("perAnswerType")).isEqualTo(want.path("perAnswerType"));
        want.path("perQuestion").fields().forEachRemaining(e -> assertThat(
                s.path("perQuestion").path(e.getKey()).asDouble(Double.NaN)).as("question %s", e.getKey())
                .isEqualTo(e.getValue().asDouble()));
    }

    @Test
    void popeMetricsAreThoseOfPopesRule() throws Exception {
        JsonNode s = score("pope", "--in", path("pope.json"));
        JsonNode want = expected.path("pope");
        for (String k : List.of("accuracy", "precision", "recall", "f1", "yesRatio")) {
            assertRelative(s.path(k).asDouble(), want.path(k).asDouble(), k);
        }
    }

    @Test
    void wrongArgumentsExitWithTwoAndUnreadableFilesWithOne() throws Exception {
        assertThat(run(List.of("coco", "--gt", path("coco_gt.json"))).status).isEqualTo(2);
        assertThat(run(List.of("coco", "--gt", path("coco_gt.json"), "--results", path("det_bbox.json"), "--type", "box",
                "--out", dir.resolve("x.json").toString())).status).isEqualTo(2);
        Run missing = run(List.of("vqa", "--in", dir.resolve("missing.json").toString(), "--out",
                dir.resolve("y.json").toString()));
        assertThat(missing.status).isEqualTo(1);
        assertThat(missing.err).contains("missing.json");
    }

    private static void assertRelative(double actual, double want, String what) {
        assertThat(Math.abs(actual - want)).as("%s: %s against %s", what, actual, want)
                .isLessThanOrEqualTo(1e-9 * Math.abs(want));
    }

    private static String path(String f) {
        return dir.resolve(f).toString();
    }

    private record Run(int status, String out, String err) {
    }

    private static Run run(List<String> args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = new ScoreCommand().run(args, new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static JsonNode score(String... args) throws Exception {
        Path out = Files.createTempFile(dir, "score", ".json");
        List<String> all = new java.util.ArrayList<>(List.of(args));
        all.add("--out");
        all.add(out.toString());
        Run r = run(all);
        assertThat(r.status).as("exit status; stderr: %s", r.err).isZero();
        return JSON.readTree(out.toFile());
    }
}
