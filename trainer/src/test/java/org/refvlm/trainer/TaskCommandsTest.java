package org.refvlm.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.refvlm.api.TaskCommand;
import org.refvlm.data.TaskType;

/** What {@code ask --task NAME} sends is exactly what training put in the prompt for that task. */
class TaskCommandsTest {

    @Test
    void everyTrainedTaskCommandCanBeAskedForByName() {
        for (TaskType t : TaskType.values()) {
            TaskCommand trained = TaskCommands.of(t.hint());
            assertThat(TaskCommand.named(trained.name())).as(t.id()).contains(trained);
        }
    }
}
