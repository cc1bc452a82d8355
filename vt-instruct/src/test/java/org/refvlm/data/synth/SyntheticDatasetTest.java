package org.refvlm.data.synth;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.refvlm.data.Keypoint;
import org.refvlm.data.Sample;
import org.refvlm.data.SampleReader;
import org.refvlm.data.SampleValidator;
import org.refvlm.data.TaskType;
import org.refvlm.data.Turn;
import org.refvlm.trp.ParseMode;
import org.refvlm.trp.TrpParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class SyntheticDatasetTest {
    private static final Logger LOG = LoggerFactory.getLogger(SyntheticDatasetTest.class);
    private static final TrpParser TRAINING = TrpParser.builder().mode(ParseMode.LENIENT).trainingForm().build();

    @Test
    void everyTaskTypeIsProducedAndValid(@TempDir Path dir) throws Exception {
        SynthReport report = new SyntheticDataset(SynthOptions.of(400, Split.VAL, 1)).writeTo(dir, null);
        assertThat(report.perTask().keySet()).containsExactlyInAnyOrder(TaskType.values());
        Set<TaskType> seen = EnumSet.noneOf(TaskType.class);
        List<String> problems = new ArrayList<>();
        try (SampleReader r = SampleReader.open(dir.resolve(SyntheticDataset.SAMPLES_FILE), true, p -> problems.add(p.toString()))) {
            for (Sample s : r) {
                seen.add(s.task());
                for (Turn t : s.turns()) {
                    assertThat(TRAINING.parse(t.answer()).diagnostics()).as(t.answer()).isEmpty();
                }
            }
            assertThat(r.samplesRead()).isEqualTo(400);
        }
        assertThat(problems).isEmpty();
        assertThat(seen).containsExactlyInAnyOrder(TaskType.values());
        assertThat(Files.list(dir.resolve("depth")).count()).isPositive();
    }

    @Test
    void sameSeedSameBytesDifferentSplitDifferentScenes(@TempDir Path dir) throws Exception {
        new SyntheticDataset(SynthOptions.of(60, Split.TRAIN, 9)).writeTo(dir.resolve("a"), null);
        new SyntheticDataset(SynthOptions.of(60, Split.TRAIN, 9)).writeTo(dir.resolve("b"), null);
        new SyntheticDataset(SynthOptions.of(60, Split.VAL, 9)).writeTo(dir.resolve("c"), null);
        assertThat(Files.readAllBytes(dir.resolve("a/samples.jsonl"))).isEqualTo(Files.readAllBytes(dir.resolve("b/samples.jsonl")));
        assertThat(Files.readAllBytes(dir.resolve("a/images/train-000007.png")))
                .isEqualTo(Files.readAllBytes(dir.resolve("b/images/train-000007.png")));
        // a sample rebuilt alone equals the one written in sequence
        Sample alone = new SyntheticDataset(SynthOptions.of(60, Split.TRAIN, 9)).sample(33);
        assertThat(Files.readAllLines(dir.resolve("a/samples.jsonl")).get(33)).contains("\"id\":\"" + alone.id() + "\"");
        assertThat(Files.readString(dir.resolve("c/samples.jsonl"))).isNotEqualTo(Files.readString(dir.resolve("a/samples.jsonl")));
    }

    @Test
    void splitsUseDisjointSceneSeeds() {
        Set<Long> train = new java.util.HashSet<>();
        for (long i = 0; i < 20000; i++) {
            train.add(Seeds.sceneSeed(1, Split.TRAIN, i));
        }
        for (long i = 0; i < 20000; i++) {
            assertThat(train).doesNotContain(Seeds.sceneSeed(1, Split.VAL, i), Seeds.sceneSeed(1, Split.TEST, i));
        }
    }

    @Test
    void scenesKeepEveryObjectVisibleAndMarkOccludedKeypoints() {
        SceneGenerator gen = new SceneGenerator(new SceneConfig(128, 2, 8));
        int occluded = 0, hiddenKeypoints = 0;
        for (long seed = 0; seed < 200; seed++) {
            Scene s = gen.generate(seed);
            assertThat(s.objects().size()).isBetween(2, 8);
            assertThat(s.objects().get(0).kind()).isNotEqualTo(s.objects().get(1).kind());
            for (int i = 0; i < s.objects().size(); i++) {
                assertThat(s.visibleFraction(i)).isGreaterThanOrEqualTo(SceneGenerator.MIN_VISIBLE);
                assertThat(s.visibleMasks().get(i).area()).isEqualTo((int) s.rleMasks().get(i).area());
                if (s.visibleFraction(i) < 0.999) {
                    occluded++;
                }
                for (Keypoint k : s.keypoints().get(i).points()) {
                    assertThat(k.visibility()).isBetween(1, 2);
                    if (k.visibility() == Keypoint.OCCLUDED) {
                        hiddenKeypoints++;
                    }
                }
            }
        }
        assertThat(occluded).as("scenes must show occlusion").isGreaterThan(50);
        assertThat(hiddenKeypoints).isGreaterThan(20);
    }

    @Test
    void depthFollowsDrawingOrder() {
        Scene s = new SceneGenerator(SceneConfig.DEFAULT).generate(77);
        for (int p = 0; p < s.labels().length; p++) {
            int l = s.labels()[p];
            if (l >= 0) {
                assertThat((double) s.depth()[p]).isCloseTo(s.objects().get(l).distance(), org.assertj.core.data.Offset.offset(1e-5));
            } else {
                assertThat(s.depth()[p]).isBetween((float) SceneGenerator.WALL_NEAR, (float) SceneGenerator.WALL_FAR);
            }
        }
    }

    @Test
    void sizesFrom64To512Work() throws Exception {
        for (int size : new int[]{64, 512}) {
            SynthOptions o = new SynthOptions(40, Split.TEST, 2, List.of(TaskType.values()), new SceneConfig(size, 2, 6), 4, true);
            SyntheticDataset d = new SyntheticDataset(o);
            SampleValidator v = new SampleValidator(null);
            for (int i = 0; i < 40; i++) {
                Sample s = d.sample(i);
                assertThat(s.image().width()).isEqualTo(size);
                assertThat(v.validate(s)).as(s.id()).isEmpty();
            }
        }
    }

    @Test
    void yesNoQuestionsAreBalanced() {
        SceneGenerator gen = new SceneGenerator(SceneConfig.DEFAULT);
        int yes = 0, no = 0;
        SplittableRandom rnd = new SplittableRandom(4);
        for (long seed = 0; seed < 300; seed++) {
            Scene s = gen.generate(seed);
            for (int k = 0; k < 10; k++) {
                QuestionAnswer qa = QuestionGenerator.ask(s, rnd);
                if (qa.yesNo()) {
                    if (qa.answer().equals("yes")) {
                        yes++;
                    } else {
                        no++;
                    }
                }
            }
        }
        double share = yes / (double) (yes + no);
        LOG.info("yes/no questions: {} yes, {} no", yes, no);
        assertThat(yes + no).isGreaterThan(500);
        assertThat(share).isBetween(0.45, 0.55);
    }

    @Test
    void referringExpressionsAreUnique() {
        SceneGenerator gen = new SceneGenerator(SceneConfig.DEFAULT);
        SplittableRandom rnd = new SplittableRandom(8);
        for (long seed = 0; seed < 100; seed++) {
            Scene s = gen.generate(seed);
            for (int i = 0; i < s.objects().size(); i++) {
                var e = ReferringExpressions.unique(s, i, rnd);
                if (e.isPresent() && !e.get().contains("most ") && !e.get().contains("lowest")) {
                    String text = e.get();
                    long fitting = s.objects().stream().filter(o -> fits(text, o)).count();
                    assertThat(fitting).as(text + " in scene " + seed).isEqualTo(1);
                }
            }
        }
    }

    private static boolean fits(String text, SceneObject o) {
        String[] words = text.substring("the ".length()).split(" ");
        if (!words[words.length - 1].equals(o.kind().noun())) {
            return false;
        }
        for (int k = 0; k < words.length - 1; k++) {
            String w = words[k];
            boolean ok = w.equals(o.colour().word()) || w.equals(o.size().word()) || w.equals(o.texture().adjective());
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** Throughput is measured here and logged; the bound is loose because CI machines are shared. */
    @Test
    void throughput(@TempDir Path dir) throws Exception {
        SynthReport r = new SyntheticDataset(SynthOptions.of(3000, Split.TRAIN, 5)).writeTo(dir, null);
        LOG.info("synthetic throughput: {} samples/s", String.format("%.0f", r.samplesPerSecond()));
        assertThat(r.samplesPerSecond()).isGreaterThan(100);
    }
}
