package org.refvlm.trainer.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.refvlm.api.BoxUnit;
import org.refvlm.api.DepthUnit;
import org.refvlm.api.MaskUnit;
import org.refvlm.data.Sample;
import org.refvlm.data.TaskType;
import org.refvlm.data.synth.SceneConfig;
import org.refvlm.data.synth.Split;
import org.refvlm.data.synth.SynthOptions;
import org.refvlm.data.synth.SyntheticDataset;
import org.refvlm.trainer.TrainingExample;

/** Every synthetic task type becomes training examples: prompts, composite units, depth, every turn. */
class SampleExamplesTest {

    private static SyntheticDataset.Generated generated(TaskType task, long index) {
        return new SyntheticDataset(new SynthOptions(1000, Split.VAL, 3, List.of(task), SceneConfig.DEFAULT, 1, false))
                .generate(index);
    }

    private static TrainingExample example(SyntheticDataset.Generated g, int turn) throws Exception {
        float[] depth = g.scene().depth();
        return SampleExamples.of(g.sample(), turn, null, ref -> depth);
    }

    @Test
    void visualPromptsComeWithOneRegionPlaceholderEach() throws Exception {
        for (TaskType t : List.of(TaskType.REG_POINT, TaskType.REG_BOX, TaskType.REG_SCRIBBLE, TaskType.REG_MASK,
                TaskType.IG_BOX, TaskType.IG_MASK)) {
            SyntheticDataset.Generated g = generated(t, 0);
            for (int turn = 0; turn < g.sample().turns().size(); turn++) {
                TrainingExample e = example(g, turn);
                assertThat(e.prompts()).as(t + " turn " + turn).isNotEmpty();
                assertThat(e.prompt().split("<region>", -1)).as(e.prompt()).hasSize(e.prompts().size() + 1);
                assertThat(e.prompt()).doesNotContain("<image>");
            }
        }
    }

    @Test
    void aCompositeUnitCarriesTheTargetsOfEachOfItsUnits() throws Exception {
        SyntheticDataset.Generated g = generated(TaskType.MIXED_UNITS, 0);
        TrainingExample e = example(g, 0);
        TrainingExample.Group composite = e.groups().stream().filter(x -> x.units().size() > 1).findFirst().orElseThrow();
        assertThat(composite.units()).containsExactly("box", "keypoint");
        assertThat(composite.targets().get("box")).hasSize(composite.references()).allMatch(BoxUnit.class::isInstance);
        assertThat(composite.targets().get("keypoint")).hasSize(composite.references());
        org.refvlm.api.KeypointsUnit k = (org.refvlm.api.KeypointsUnit) composite.targets().get("keypoint").get(0);
        BoxUnit box = (BoxUnit) composite.targets().get("box").get(0);
        assertThat(k.box().x0()).isEqualTo(box.x0());
        assertThat(k.schema()).startsWith("synth-");
        assertThat(k.keypoints()).hasSizeBetween(4, 7);
        TrainingExample.Group mask = e.groups().stream().filter(x -> x.units().equals(List.of("mask"))).findFirst()
                .orElseThrow();
        assertThat(mask.targets().get("mask")).hasSize(mask.references()).allMatch(MaskUnit.class::isInstance);
    }

    @Test
    void aDepthAnswerGetsTheScenesDepthInMetres() throws Exception {
        SyntheticDataset.Generated g = generated(TaskType.DEPTH, 0);
        TrainingExample e = example(g, 0);
        DepthUnit d = (DepthUnit) e.groups().get(0).targets().get("depth").get(0);
        assertThat(d.depth().width()).isEqualTo(g.scene().width());
        assertThat(d.depth().values()).containsExactly(g.scene().depth());
        // checking a sample reads no depth: the group still writes its REF, without targets
        assertThat(SampleExamples.of(g.sample(), 0, null, SampleExamples.NO_DEPTH).groups().get(0).targets()).isEmpty();
    }

    @Test
    void everyTurnOfAMultiTurnSampleIsAnExample() throws Exception {
        Sample multi = null;
        SyntheticDataset.Generated g = null;
        for (long i = 0; multi == null; i++) {
            g = generated(TaskType.VQA, i);
            if (g.sample().turns().size() > 1) {
                multi = g.sample();
            }
        }
        for (int t = 0; t < multi.turns().size(); t++) {
            TrainingExample e = example(g, t);
            assertThat(e.answer()).isEqualTo(multi.turns().get(t).answer());
        }
        int turns = multi.turns().size();
        Sample last = multi;
        assertThatThrownBy(() -> SampleExamples.of(last, turns, null, SampleExamples.NO_DEPTH))
                .hasMessageContaining("has no turn " + turns);
    }

    @Test
    void aGroupRejectsTargetsThatDisagreeWithIt() {
        assertThatThrownBy(() -> new TrainingExample.Group("the star", List.of("box"), 2,
                java.util.Map.of("box", List.of(new BoxUnit(0, 0, 1, 1, 1)))))
                .hasMessageContaining("writes 2 <REF>(s) but has 1 box target(s)");
        assertThatThrownBy(() -> new TrainingExample.Group("the star", List.of("box"), 1,
                java.util.Map.of("mask", List.of(new BoxUnit(0, 0, 1, 1, 1)))))
                .hasMessageContaining("targets for unit mask but declares only [box]");
    }
}
