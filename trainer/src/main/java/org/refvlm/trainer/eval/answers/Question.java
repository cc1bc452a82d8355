package org.refvlm.trainer.eval.answers;

import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Function;
import org.refvlm.api.Request;
import org.refvlm.api.RgbImage;

/**
 * One question of an evaluation run, as the evaluators ask it: the same key, picture and request
 * whether it is asked now or recorded by a shard of a distributed run.
 *
 * @param key     {@code <task>/<sample id>} (REC, RES) or {@code <task>/<sample id>#<turn>}: unique within a run
 * @param image   the picture file
 * @param request the request for the picture once read
 */
public record Question(String key, Path image, Function<RgbImage, Request> request) {

    public Question {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(request, "request");
    }

    /** The key of a question of {@code task} about item {@code itemKey}. */
    public static String key(String task, String itemKey) {
        return task + "/" + itemKey;
    }
}
