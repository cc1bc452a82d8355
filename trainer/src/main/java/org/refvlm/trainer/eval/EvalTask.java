package org.refvlm.trainer.eval;

import java.util.Locale;
import org.refvlm.data.TaskType;
import org.refvlm.data.Unit;

/** What is evaluated: which samples are used and which unit the answer's first object must have. */
public enum EvalTask {
    /** Referring expression comprehension: one box per expression, scored by accuracy at IoU 0.5. */
    REC("rec", TaskType.REC, Unit.BOX),
    /** Referring expression segmentation: one mask per expression, scored by cIoU and mIoU. */
    RES("res", TaskType.RES, Unit.MASK);

    private final String word;
    private final TaskType taskType;
    private final Unit unit;

    EvalTask(String word, TaskType taskType, Unit unit) {
        this.word = word;
        this.taskType = taskType;
        this.unit = unit;
    }

    /** The word used on the command line and in reports. */
    public String word() {
        return word;
    }

    /** The samples this task evaluates. */
    public TaskType taskType() {
        return taskType;
    }

    /** The unit of the target and of the prediction. */
    public Unit unit() {
        return unit;
    }

    /** @throws IllegalArgumentException for a word that names no evaluation task */
    public static EvalTask fromWord(String word) {
        String w = word.trim().toLowerCase(Locale.ROOT);
        for (EvalTask t : values()) {
            if (t.word.equals(w)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown task '" + word + "': expected rec or res");
    }
}
