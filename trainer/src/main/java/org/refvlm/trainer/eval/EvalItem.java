package org.refvlm.trainer.eval;

import java.nio.file.Path;
import java.util.Objects;
import org.refvlm.data.ImageRef;

/**
 * One sample ready to be asked: the image file, the prompt as sent to the model, the target the
 * answer is scored against, and the reference answer (for the report).
 *
 * @param image    the picture, resolved against the data folder
 * @param imageRef the size the record declares; the target is in its pixels
 * @param prompt   the first turn's user text without the image placeholder
 * @param task     the task command of the turn's system hint (null when it has none), sent with the prompt
 */
public record EvalItem(String id, Path image, ImageRef imageRef, String prompt, Region target, String expectedAnswer,
        org.refvlm.api.TaskCommand task) {

    public EvalItem {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(imageRef, "imageRef");
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(expectedAnswer, "expectedAnswer");
    }

    /** The request that asks this sample about its picture. */
    public org.refvlm.api.Request request(org.refvlm.api.RgbImage picture) {
        return org.refvlm.api.Request.builder(picture, prompt).task(task).build();
    }
}
