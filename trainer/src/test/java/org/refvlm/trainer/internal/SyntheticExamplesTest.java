package org.refvlm.trainer.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.refvlm.data.synth.Scene;
import org.refvlm.data.synth.SceneObject;
import org.refvlm.trainer.Recipe;
import org.refvlm.trainer.TrainingExample;

/** The recipe's {@code describeScene}: which examples start with the scene in words, and what those words say. */
class SyntheticExamplesTest {

    private static SyntheticExamples source(double describeScene) {
        return new SyntheticExamples(new Recipe.Synthetic("train", 5, List.of("vqa", "rec", "reg-box"), 64, 1, false,
                describeScene));
    }

    @Test
    void aDescribedPromptNamesEveryObjectWithAllItsAttributesThenAsksAsBefore() {
        SyntheticExamples plain = source(0), described = source(1);
        for (long i = 0; i < 30; i++) {
            TrainingExample a = plain.example(i), b = described.example(i);
            assertThat(a.prompt()).doesNotStartWith("The picture shows");
            assertThat(b.prompt()).startsWith("The picture shows ").endsWith(" " + a.prompt());
            String description = b.prompt().substring(0, b.prompt().length() - a.prompt().length() - 1);
            Scene scene = described.scene(i);
            for (SceneObject o : scene.objects()) {
                assertThat(description).as("example %d", i).contains(o.kind().noun()).contains(o.colour().word())
                        .contains(o.size().word());
                if (!o.texture().adjective().isEmpty()) {
                    assertThat(description).contains(o.texture().adjective());
                }
            }
            // the answer, the targets and the visual prompts are the undescribed example's
            assertThat(b.answer()).isEqualTo(a.answer());
            assertThat(b.prompts()).isEqualTo(a.prompts());
            assertThat(b.groups()).isEqualTo(a.groups());
            assertThat(b.pictureWords()).isNotNull();
        }
    }

    @Test
    void theShareIsDrawnFromTheIndexSoAResumedRunDescribesTheSameExamples() {
        SyntheticExamples half = source(0.5), again = source(0.5);
        int described = 0;
        for (long i = 0; i < 400; i++) {
            boolean d = half.described(i);
            assertThat(again.described(i)).isEqualTo(d);
            assertThat(half.example(i).prompt().startsWith("The picture shows")).isEqualTo(d);
            described += d ? 1 : 0;
        }
        assertThat(described).isBetween(160, 240);
        SyntheticExamples tenth = source(0.1);
        long count = java.util.stream.LongStream.range(0, 1000).filter(tenth::described).count();
        assertThat(count).isBetween(70L, 130L);
    }
}
