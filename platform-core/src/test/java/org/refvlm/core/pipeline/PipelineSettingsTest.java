package org.refvlm.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.refvlm.api.TaskCommand;

class PipelineSettingsTest {

    private static final TaskCommand DETECTION = TaskCommand.named("grounding_detection").orElseThrow();

    @Test
    void aTaskCommandWithoutAPlaceInTheTemplateIsRefusedNotDropped() {
        PipelineSettings vicuna = PipelineSettings.defaults();
        assertThatThrownBy(() -> vicuna.requestText("Where is the dog?", DETECTION))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the task command 'grounding_detection' cannot be sent: this model's prompt template has no "
                        + "{system} place for one (model.json 'template'), so the model was not trained to read task "
                        + "commands; ask without a task");
        assertThat(vicuna.requestText("Where is the dog?", null)).endsWith("USER: <image>\nWhere is the dog? ASSISTANT:");
    }

    @Test
    void aTemplateWithASystemPlaceCarriesTheTask() {
        PipelineSettings withTask = new PipelineSettings("{system}<image>\n{prompt}\n", 128, 10, 4, 3, 10_000, null);
        assertThat(withTask.requestText("Where is the dog?", DETECTION))
                .isEqualTo(DETECTION.render() + "<image>\nWhere is the dog?\n");
    }
}
