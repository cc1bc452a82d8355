package org.refvlm.data.convert;

import org.refvlm.data.TaskType;
import org.refvlm.data.TrpAnswer;
import org.refvlm.data.Turn;
import org.refvlm.data.templates.PromptTemplates;
import org.refvlm.data.templates.TemplateBank;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Builds conversation turns for converted records from the template banks, seeded per record. */
final class TurnMaker {
    private TurnMaker() {
    }

    static SplittableRandom random(long seed, String recordKey) {
        long h = seed * 0x9E3779B97F4A7C15L + recordKey.hashCode();
        h = (h ^ (h >>> 30)) * 0xBF58476D1CE4E5B9L;
        return new SplittableRandom(h ^ (h >>> 31));
    }

    /** A turn; the first turn of a sample keeps {@code <image>}, later ones have it removed. */
    static Turn turn(TaskType task, SplittableRandom rnd, Map<String, String> values, List<Integer> prompts,
                     TrpAnswer answer, boolean first) {
        TemplateBank bank = PromptTemplates.forTask(task);
        String user = bank.pickAndFill(rnd, values);
        if (!first) {
            user = TemplateBank.withoutImage(user);
        }
        return new Turn(task.hint(), user, prompts, answer.text(), answer.groups());
    }
}
