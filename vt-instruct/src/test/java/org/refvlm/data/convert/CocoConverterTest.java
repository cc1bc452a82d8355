package org.refvlm.data.convert;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.refvlm.data.BinaryMask;
import org.refvlm.data.Keypoint;
import org.refvlm.data.Sample;
import org.refvlm.data.TaskType;
import org.refvlm.data.Unit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class CocoConverterTest {
    final Path coco = Fixtures.dir("coco");

    @Test
    void instancesBecomeDetectionAndSegmentation(@TempDir Path out) throws Exception {
        CocoConverter c = new CocoConverter(Fixtures.options(out, CocoConverter.INSTANCE_TASKS));
        Fixtures.Result r = Fixtures.convert(out, w -> c.convertInstances(coco.resolve("instances_val2017.json"), w));
        assertThat(r.samples()).hasSize(2 * CocoConverter.INSTANCE_TASKS.size());
        assertThat(r.samples()).extracting(Sample::task).containsOnlyElementsOf(CocoConverter.INSTANCE_TASKS);

        Sample fovd = r.samples().stream().filter(s -> s.id().equals("coco-139-fovd")).findFirst().orElseThrow();
        assertThat(fovd.turns().get(0).answer()).endsWith("<Phrase>person</Phrase>(<Unit>box</Unit>[0]<REF>[1]<REF>), "
                + "<Phrase>dog</Phrase>(<Unit>box</Unit>[0]<REF>).");
        assertThat(fovd.turns().get(0).groups().get(0).refs().get(Unit.BOX)).containsExactly(0, 2);
        assertThat(fovd.targets().boxes().get(0).x1()).isEqualTo(30.0);
        assertThat(fovd.image().path()).isEqualTo("images/000000000139.jpg");

        Sample fovs = r.samples().stream().filter(s -> s.id().equals("coco-285-fovs")).findFirst().orElseThrow();
        assertThat(fovs.targets().masks()).hasSize(1);
        assertThat(fovs.targets().masks().get(0).area()).isEqualTo(400);
        assertThat(BinaryMask.of(fovs.targets().masks().get(0)).get(10, 5)).isTrue();

        // two polygons of the dog are united into one mask
        Sample dogs = r.samples().stream().filter(s -> s.id().equals("coco-139-fovs")).findFirst().orElseThrow();
        assertThat(BinaryMask.of(dogs.targets().masks().get(1)).get(55, 40)).isTrue();

        assertThat(r.report().problemCount()).isEqualTo(6);
        String text = Files.readString(coco.resolve("instances_val2017.json"));
        List<String> lines = List.of(text.split("\n"));
        for (SourceProblem p : r.report().problems()) {
            assertThat(p.file()).isEqualTo("instances_val2017.json");
            int line = Integer.parseInt(p.location().substring("line ".length()));
            assertThat(lines.get(line - 1).strip()).as(p.toString()).isEqualTo("{");
        }
        assertThat(r.report().problems()).extracting(SourceProblem::message).anyMatch(m -> m.contains("width"))
                .anyMatch(m -> m.contains("bbox")).anyMatch(m -> m.contains("unknown category 99"))
                .anyMatch(m -> m.contains("three x, y pairs")).anyMatch(m -> m.contains("differs from image"))
                .anyMatch(m -> m.contains("unknown image 777"));
    }

    @Test
    void interactiveSamplesPointAtTheirObject(@TempDir Path out) throws Exception {
        CocoConverter c = new CocoConverter(Fixtures.options(out, CocoConverter.INSTANCE_TASKS));
        Fixtures.Result r = Fixtures.convert(out, w -> c.convertInstances(coco.resolve("instances_val2017.json"), w));
        for (Sample s : r.samples()) {
            if (!s.task().takesVisualPrompt()) {
                continue;
            }
            // the 48-pixel person is too small to be prompted: two turns on image 139, one on 285
            assertThat(s.turns()).hasSize(s.image().path().contains("139") ? 2 : 1);
            for (int t = 0; t < s.turns().size(); t++) {
                org.refvlm.data.VisualPrompt p = s.prompts().get(s.turns().get(t).prompts().get(0));
                if (s.task().requiredPrompt() != null) {
                    // region descriptions answer with the class name
                    String answer = s.turns().get(t).answer();
                    assertThat(p.kind()).isEqualTo(s.task().requiredPrompt());
                    assertThat(answer.substring(answer.lastIndexOf('\n') + 1)).isIn("person", "dog", "cat");
                }
                if (s.task() == TaskType.IG_BOX) {
                    assertThat(p.kind()).isNotEqualTo(org.refvlm.data.PromptKind.BOX);
                }
                if (p instanceof org.refvlm.data.PointPrompt pp) {
                    // the click lands on the mask of the object the answer names
                    int target = s.task() == TaskType.IG_MASK || s.task() == TaskType.IG_BOX
                            ? s.turns().get(t).groups().get(0).refs().values().iterator().next().get(0) : -1;
                    if (target >= 0 && s.task() == TaskType.IG_MASK) {
                        assertThat(BinaryMask.of(s.targets().masks().get(target)).get((int) pp.point().x(), (int) pp.point().y())).isTrue();
                    }
                }
            }
        }
        Sample regPoint = r.samples().stream().filter(s -> s.id().equals("coco-285-reg-point")).findFirst().orElseThrow();
        assertThat(regPoint.turns().get(0).answer()).endsWith("cat");
        assertThat(regPoint.targets().isEmpty()).isTrue();
    }

    @Test
    void captions(@TempDir Path out) throws Exception {
        CocoConverter c = new CocoConverter(Fixtures.options(out, Set.of(TaskType.CAPTION)));
        Fixtures.Result r = Fixtures.convert(out, w -> c.convertCaptions(coco.resolve("captions_val2017.json"), w));
        assertThat(r.samples()).hasSize(3).extracting(Sample::task).containsOnly(TaskType.CAPTION);
        assertThat(r.samples()).extracting(s -> s.turns().get(0).answer())
                .contains("<Task>\nUnit decode (False).\n</Task>\nA cat sitting on a red blanket.");
        assertThat(r.report().problemCount()).isEqualTo(3);
        assertThat(r.report().problems()).extracting(SourceProblem::message)
                .anyMatch(m -> m.contains("without text 'caption'")).anyMatch(m -> m.contains("image_id"));
    }

    @Test
    void interactiveKeypoints(@TempDir Path out) throws Exception {
        CocoConverter c = new CocoConverter(Fixtures.options(out, CocoConverter.KEYPOINT_TASKS));
        Fixtures.Result r = Fixtures.convert(out, w -> c.convertKeypoints(coco.resolve("person_keypoints_val2017.json"), w));
        assertThat(r.samples()).extracting(Sample::task).containsExactly(TaskType.KEYPOINT_DETECTION, TaskType.IG_KEYPOINT);
        Sample ig = r.samples().get(1);
        assertThat(ig.turns()).hasSize(2);
        assertThat(ig.prompts()).hasSize(2);
        assertThat(ig.turns().get(1).user()).doesNotContain("<image>").contains("<region>");
        assertThat(ig.turns().get(0).answer()).endsWith("<Phrase>person</Phrase>(<Unit>keypoint</Unit>[0]<REF>)");
    }

    @Test
    void personKeypoints(@TempDir Path out) throws Exception {
        CocoConverter c = new CocoConverter(Fixtures.options(out, Set.of(TaskType.KEYPOINT_DETECTION)));
        Fixtures.Result r = Fixtures.convert(out, w -> c.convertKeypoints(coco.resolve("person_keypoints_val2017.json"), w));
        assertThat(r.samples()).hasSize(1);
        Sample s = r.samples().get(0);
        assertThat(s.targets().keypoints()).hasSize(2);
        assertThat(s.targets().keypoints().get(0).schema()).isEqualTo("coco-person");
        assertThat(s.targets().keypoints().get(0).points()).hasSize(17);
        assertThat(s.targets().keypoints().get(0).points().get(3).visibility()).isEqualTo(Keypoint.NOT_LABELLED);
        assertThat(s.turns().get(0).answer()).endsWith("<Phrase>person</Phrase>(<Unit>keypoint</Unit>[0]<REF>[1]<REF>)");
        assertThat(r.report().problems()).extracting(SourceProblem::message)
                .anyMatch(m -> m.contains("visibility")).anyMatch(m -> m.contains("width"));
        assertThat(r.report().problemCount()).isEqualTo(2);
    }
}
