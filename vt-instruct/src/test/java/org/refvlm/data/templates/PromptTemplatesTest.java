package org.refvlm.data.templates;

import org.junit.jupiter.api.Test;
import org.refvlm.data.Placeholders;
import org.refvlm.data.TaskType;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PromptTemplatesTest {

    @Test
    void everyTaskHasAtLeastFortyDistinctValidPhrasings() {
        for (TaskType t : TaskType.values()) {
            TemplateBank b = PromptTemplates.forTask(t);
            assertThat(b.templates()).as(t.id()).hasSizeGreaterThanOrEqualTo(40);
            assertThat(new HashSet<>(b.templates())).as(t.id()).hasSameSizeAs(b.templates());
            assertThat(b.placeholders()).contains(Placeholders.IMAGE);
            assertThat(b.placeholders().contains(Placeholders.REGION)).as(t.id()).isEqualTo(t.takesVisualPrompt());
        }
    }

    @Test
    void seededChoiceIsRepeatable() {
        TemplateBank b = PromptTemplates.forTask(TaskType.REC);
        SplittableRandom r1 = new SplittableRandom(42), r2 = new SplittableRandom(42);
        for (int i = 0; i < 20; i++) {
            assertThat(b.pick(r1)).isEqualTo(b.pick(r2));
        }
    }

    @Test
    void fillsTextPlaceholdersAndKeepsInputOnes() {
        String filled = TemplateBank.fill("<image>Where is <expr>? <region>", Map.of(Placeholders.EXPR, "the cat"));
        assertThat(filled).isEqualTo("<image>Where is the cat? <region>");
        assertThatThrownBy(() -> TemplateBank.fill("<image>Where is <expr>?", Map.of())).isInstanceOf(IllegalArgumentException.class);
        assertThat(TemplateBank.withoutImage("Locate <expr> in <image>.")).isEqualTo("Locate <expr> in the image.");
        assertThat(TemplateBank.withoutImage("In the picture <image>, box <expr>.")).isEqualTo("In the picture, box <expr>.");
        assertThat(TemplateBank.withoutImage("Find <cls> in this picture: <image>")).isEqualTo("Find <cls> in this picture");
        assertThat(TemplateBank.withoutImage("<image>Find it.")).isEqualTo("Find it.");
    }

    @Test
    void rejectsBadBanks() {
        assertThatThrownBy(() -> new TemplateBank("x", List.of("<image>"), List.of("no image here")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TemplateBank("x", List.of("<image>"), List.of("<image> <expr>")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
