package org.refvlm.trainer.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.refvlm.api.TaskCommand;
import org.refvlm.api.VisualPrompt;
import org.refvlm.data.Box;
import org.refvlm.data.synth.Scene;
import org.refvlm.trainer.Recipe;
import org.refvlm.trainer.TrainingExample;

/** The region-colour examples ask the plain VQA question about a true region and answer with its object's colour. */
class RegionColourExamplesTest {

    private static RegionColourExamples source(long seed) {
        return new RegionColourExamples(new Recipe.Synthetic("train", seed, List.of(RegionColourExamples.TASK), 64, 1, false, 0));
    }

    @Test
    void eachExampleMarksOneObjectByItsBoxOrMaskAndAnswersItsColour() {
        RegionColourExamples examples = source(9);
        TaskCommand vqa = TaskCommand.named("vqa").orElseThrow();
        int boxes = 0, masks = 0;
        for (long i = 0; i < 200; i++) {
            TrainingExample e = examples.example(i);
            Scene scene = examples.scene(i);
            assertThat(e.task()).isEqualTo(vqa);
            assertThat(e.prompt()).contains("What colour is <region>? Give a short answer.");
            assertThat(e.groups()).isEmpty();
            assertThat(e.prompts()).hasSize(1);
            int object = -1;
            if (e.prompts().get(0) instanceof VisualPrompt.Box p) {
                boxes++;
                for (int k = 0; k < scene.objects().size(); k++) {
                    Box b = scene.boxes().get(k);
                    if (b.x0() == p.x0() && b.y0() == p.y0() && b.x1() == p.x1() && b.y1() == p.y1()) {
                        object = k;
                    }
                }
            } else {
                masks++;
                VisualPrompt.Mask p = (VisualPrompt.Mask) e.prompts().get(0);
                for (int k = 0; k < scene.objects().size(); k++) {
                    if (java.util.Arrays.equals(scene.rleMasks().get(k).counts(), p.mask().counts())) {
                        object = k;
                    }
                }
            }
            assertThat(object).as("example %d's region is exactly one of the scene's objects", i).isNotEqualTo(-1);
            assertThat(e.answer()).isEqualTo("The answer is " + scene.objects().get(object).colour().word() + ".");
        }
        assertThat(boxes).isBetween(70, 130);
        assertThat(masks).isEqualTo(200 - boxes);
    }

    @Test
    void anExampleIsDrawnFromItsIndexAlone() {
        RegionColourExamples a = source(3), b = source(3);
        for (long i : new long[] {0, 5, 99, 1_000_003}) {
            TrainingExample x = a.example(i), y = b.example(i);
            assertThat(y.prompt()).isEqualTo(x.prompt());
            assertThat(y.answer()).isEqualTo(x.answer());
            assertThat(y.prompts()).isEqualTo(x.prompts());
        }
    }

    @Test
    void itMustBeItsPartsOnlyTaskAndCannotDescribeScenes() {
        assertThatThrownBy(() -> new RegionColourExamples(new Recipe.Synthetic("train", 1,
                List.of(RegionColourExamples.TASK, "vqa"), 64, 1, false, 0)))
                .hasMessageContaining("'vqa-region' must be its part's only task");
        assertThatThrownBy(() -> new RegionColourExamples(new Recipe.Synthetic("train", 1,
                List.of(RegionColourExamples.TASK), 64, 1, false, 0.5)))
                .hasMessageContaining("does not describe scenes");
    }
}
