package org.refvlm.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TaskCommandTest {

    @Test
    void rendersAsTheReferenceChatTemplateDoes() {
        assertThat(TaskCommand.named("grounding_detection").orElseThrow().render()).isEqualTo(
                "Task Command:\n- task name: grounding_detection\n- answer element: phrase, unit\n- unit: <Unit>box</Unit>\n\n");
        assertThat(TaskCommand.named("vqa").orElseThrow().render()).isEqualTo(
                "Task Command:\n- task name: vqa\n- answer element: sentence\n- unit: None\n");
        assertThat(new TaskCommand("mixed", List.of("phrase", "sentence"), List.of("box", "mask")).render())
                .endsWith("- answer element: phrase, sentence, unit\n- unit: <Unit>box</Unit>, <Unit>mask</Unit>\n\n");
    }

    @Test
    void knowsTheDemoCommands() {
        assertThat(TaskCommand.knownNames()).contains("grounding_detection", "grounding_segmentation", "gcg_detection",
                "gcg_segmentation");
        assertThat(TaskCommand.named("nonsense")).isEmpty();
    }
}
