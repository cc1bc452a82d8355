package org.refvlm.trainer.eval.tasks;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.refvlm.api.TaskCommand;
import org.refvlm.api.VisualPrompt;
import org.refvlm.data.PromptKind;
import org.refvlm.data.Sample;
import org.refvlm.data.Turn;

/**
 * One question to ask: one turn of a sample, asked alone with the sample's picture (later turns of a
 * multi-turn sample do not see the earlier answers, so each is scored on its own).
 *
 * @param folder      the folder of the file holding the sample: relative paths of the record resolve against it
 * @param image       the picture, resolved against the data folder
 * @param prompt      the turn's user text without the image placeholder
 * @param prompts     the turn's visual prompts, in {@code <region>} order, as the platform takes them
 * @param promptKind  the kind of the turn's first visual prompt, or null without one
 * @param command     the turn's task command, or null
 */
public record TurnItem(Sample sample, int turnIndex, Path folder, Path image, String prompt, List<VisualPrompt> prompts,
        PromptKind promptKind, TaskCommand command) {

    public TurnItem {
        Objects.requireNonNull(sample, "sample");
        Objects.requireNonNull(image, "image");
        prompts = List.copyOf(prompts);
    }

    public Turn turn() {
        return sample.turns().get(turnIndex);
    }

    /** The request that asks this turn about its picture, with the turn's visual prompts. */
    public org.refvlm.api.Request request(org.refvlm.api.RgbImage picture) {
        org.refvlm.api.Request.Builder b = org.refvlm.api.Request.builder(picture, prompt).task(command);
        prompts.forEach(b::addVisualPrompt);
        return b.build();
    }

    /** {@code <sample id>#<turn>}: unique within a data set. */
    public String key() {
        return sample.id() + "#" + turnIndex;
    }
}
