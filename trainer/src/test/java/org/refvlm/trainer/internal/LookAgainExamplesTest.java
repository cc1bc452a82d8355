package org.refvlm.trainer.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.refvlm.api.BoxUnit;
import org.refvlm.api.TaskCommand;
import org.refvlm.api.VisualPrompt;
import org.refvlm.core.pipeline.LookAgain;
import org.refvlm.data.Box;
import org.refvlm.data.synth.Scene;
import org.refvlm.data.synth.SceneObject;
import org.refvlm.trainer.Recipe;
import org.refvlm.trainer.TrainingExample;

/** The look-again examples teach both passes with the platform's own commands and the scene's truth. */
class LookAgainExamplesTest {

    private static LookAgainExamples source(long seed) {
        return new LookAgainExamples(new Recipe.Synthetic("train", seed, List.of(LookAgainExamples.TASK), 64, 1, false, 0));
    }

    /** The scene object whose colour the example asks about: the only one of the shape its phrase names. */
    private static int subject(Scene scene, String phrase) {
        int found = -1;
        for (int i = 0; i < scene.objects().size(); i++) {
            if (phrase.equals("the " + scene.objects().get(i).kind().noun())) {
                assertThat(found).as("a colour question names a shape the scene has once").isEqualTo(-1);
                found = i;
            }
        }
        assertThat(found).as("'%s' names an object of the scene", phrase).isNotEqualTo(-1);
        return found;
    }

    @Test
    void eachExampleIsALookASecondLookOrADirectAnswerAndAgreesWithTheScene() {
        LookAgainExamples examples = source(7);
        TaskCommand vqa = TaskCommand.named("vqa").orElseThrow();
        int looks = 0, seconds = 0, direct = 0;
        for (long i = 0; i < 300; i++) {
            TrainingExample e = examples.example(i);
            Scene scene = examples.scene(i);
            if (e.answer().startsWith("Look at ")) {
                looks++;
                assertThat(e.task()).isEqualTo(LookAgain.LOOK_COMMAND);
                assertThat(e.prompts()).isEmpty();
                assertThat(e.groups()).hasSize(1);
                TrainingExample.Group g = e.groups().get(0);
                assertThat(e.prompt()).contains("What colour is " + g.phrase() + "?");
                assertThat(e.answer()).isEqualTo("Look at <Phrase>" + g.phrase() + "</Phrase>(<Unit>box</Unit>[0]<REF>).");
                Box b = scene.boxes().get(subject(scene, g.phrase()));
                assertThat(g.targets().get("box")).containsExactly(new BoxUnit(b.x0(), b.y0(), b.x1(), b.y1(), 1.0));
            } else if (!e.prompts().isEmpty()) {
                seconds++;
                assertThat(e.task()).isEqualTo(vqa);
                assertThat(e.prompt()).contains("What colour is <region>?");
                assertThat(e.groups()).isEmpty();
                VisualPrompt.Box p = (VisualPrompt.Box) e.prompts().get(0);
                // the object whose colour is answered is the one the box (shaken by at most a tenth) is on
                SceneObject on = null;
                for (int k = 0; k < scene.objects().size(); k++) {
                    Box b = scene.boxes().get(k);
                    if (Math.abs(p.x0() - b.x0()) <= b.width() * 0.1 + 1e-9 && Math.abs(p.x1() - b.x1()) <= b.width() * 0.1 + 1e-9
                            && Math.abs(p.y0() - b.y0()) <= b.height() * 0.1 + 1e-9
                            && Math.abs(p.y1() - b.y1()) <= b.height() * 0.1 + 1e-9) {
                        on = scene.objects().get(k);
                    }
                }
                assertThat(on).as("example %d's box is on an object", i).isNotNull();
                assertThat(e.answer()).isEqualTo("The answer is " + on.colour().word() + ".");
                assertThat(p.x1()).isLessThanOrEqualTo(scene.width());
                assertThat(p.y1()).isLessThanOrEqualTo(scene.height());
            } else {
                direct++;
                assertThat(e.task()).isEqualTo(LookAgain.LOOK_COMMAND);
                assertThat(e.groups()).isEmpty();
                assertThat(e.answer()).startsWith("The answer is ");
                assertThat(e.prompt()).doesNotContain("What colour is");
            }
        }
        // three scenes in four ask a colour question; a third of those are looked at, two thirds asked again
        assertThat(looks).isBetween(50, 110);
        assertThat(seconds).isBetween(120, 190);
        assertThat(direct).isBetween(35, 110);
    }

    @Test
    void anExampleIsDrawnFromItsIndexAlone() {
        LookAgainExamples a = source(3), b = source(3);
        for (long i : new long[] {0, 5, 99, 1_000_003}) {
            TrainingExample x = a.example(i), y = b.example(i);
            assertThat(y.prompt()).isEqualTo(x.prompt());
            assertThat(y.answer()).isEqualTo(x.answer());
            assertThat(y.prompts()).isEqualTo(x.prompts());
            assertThat(y.groups()).isEqualTo(x.groups());
        }
        assertThat(source(4).example(5).prompt() + source(4).example(6).prompt())
                .isNotEqualTo(a.example(5).prompt() + a.example(6).prompt());
    }

    @Test
    void itMustBeItsPartsOnlyTaskAndCannotDescribeScenes() {
        assertThatThrownBy(() -> new LookAgainExamples(new Recipe.Synthetic("train", 1,
                List.of(LookAgainExamples.TASK, "vqa"), 64, 1, false, 0)))
                .hasMessageContaining("'vqa-look' must be its part's only task");
        assertThatThrownBy(() -> new LookAgainExamples(new Recipe.Synthetic("train", 1,
                List.of(LookAgainExamples.TASK), 64, 1, false, 0.5)))
                .hasMessageContaining("does not describe scenes");
    }
}
