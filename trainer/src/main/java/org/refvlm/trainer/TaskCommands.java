package org.refvlm.trainer;

import java.util.List;
import org.refvlm.api.TaskCommand;
import org.refvlm.data.TaskHint;
import org.refvlm.data.Unit;

/** The task command a VT-Instruct turn's system hint stands for: what training and evaluation put in the prompt. */
public final class TaskCommands {

    private TaskCommands() {
    }

    /** The hint's task, its answer elements (unit use is said by the units) and units; null for no hint. */
    public static TaskCommand of(TaskHint hint) {
        if (hint == null) {
            return null;
        }
        List<String> elements = hint.elements().stream().filter(e -> !e.equals("unit")).toList();
        return new TaskCommand(hint.taskName(), elements, hint.units().stream().map(Unit::word).toList());
    }
}
