package org.refvlm.trainer.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.refvlm.core.pipeline.LookAgain;
import org.refvlm.data.synth.ColourName;
import org.refvlm.data.synth.Scene;
import org.refvlm.data.synth.SceneObject;
import org.refvlm.trainer.Recipe;
import org.refvlm.trainer.TrainingExample;

/** The existence examples ask whether an object is in the picture, as a looking model's first pass, and answer it truly. */
class ExistenceExamplesTest {

    private static final Pattern ASKED = Pattern.compile("Is there (?:a|an) ([a-z -]+?) in the image\\?");

    private static ExistenceExamples source(long seed) {
        return new ExistenceExamples(new Recipe.Synthetic("train", seed, List.of(ExistenceExamples.TASK), 64, 1, false, 0));
    }

    @Test
    void everyExampleIsAnExistenceQuestionAnsweredByTheScene() {
        ExistenceExamples examples = source(4);
        int yes = 0;
        for (long i = 0; i < 300; i++) {
            TrainingExample e = examples.example(i);
            Scene scene = examples.scene(i);
            assertThat(e.task().name()).isEqualTo(LookAgain.LOOK_COMMAND.name());
            assertThat(e.prompts()).isEmpty();
            assertThat(e.groups()).isEmpty();
            Matcher m = ASKED.matcher(e.prompt());
            assertThat(m.find()).as("example %d asks existence: %s", i, e.prompt()).isTrue();
            boolean there = scene.objects().stream().anyMatch(o -> matches(o, m.group(1)));
            assertThat(e.answer()).as("example %d: %s", i, e.prompt()).isEqualTo("The answer is " + (there ? "yes" : "no") + ".");
            yes += there ? 1 : 0;
        }
        assertThat(yes).isBetween(110, 190);
    }

    /** Whether the object fits every word of what was asked (its shape noun, and a colour when one is named). */
    private static boolean matches(SceneObject o, String asked) {
        String[] words = asked.toLowerCase(Locale.ROOT).split(" ");
        if (!words[words.length - 1].equals(o.kind().noun())) {
            return false;
        }
        for (int w = 0; w < words.length - 1; w++) {
            String word = words[w];
            boolean colour = Arrays.stream(ColourName.values()).anyMatch(c -> c.word().equals(word));
            if (colour && !word.equals(o.colour().word())) {
                return false;
            }
        }
        return true;
    }

    @Test
    void theShapesOnlyTaskAsksAboutAShapeAndAnswersWhetherAnyObjectIsOne() {
        ExistenceExamples examples = new ExistenceExamples(new Recipe.Synthetic("train", 6,
                List.of(ExistenceExamples.SHAPES_TASK), 64, 1, false, 0));
        int yes = 0;
        for (long i = 0; i < 300; i++) {
            TrainingExample e = examples.example(i);
            Matcher m = ASKED.matcher(e.prompt());
            assertThat(m.find()).as(e.prompt()).isTrue();
            assertThat(m.group(1)).doesNotContain(" ");                     // a shape's noun alone
            boolean there = examples.scene(i).objects().stream().anyMatch(o -> o.kind().noun().equals(m.group(1)));
            assertThat(e.answer()).isEqualTo("The answer is " + (there ? "yes" : "no") + ".");
            yes += there ? 1 : 0;
        }
        assertThat(yes).isBetween(30, 270);
    }

    @Test
    void itMustBeItsPartsOnlyTask() {
        assertThatThrownBy(() -> new ExistenceExamples(new Recipe.Synthetic("train", 1,
                List.of(ExistenceExamples.TASK, "vqa"), 64, 1, false, 0)))
                .hasMessageContaining("'vqa-exist' must be its part's only task");
    }
}
