package org.refvlm.trainer.eval.answers;

import java.util.Objects;
import org.refvlm.api.Response;

/**
 * A response and how long the model took to give it: recorded with the answer, so a report scored from
 * recordings states the generation time the shards measured.
 */
public record Answer(Response response, double seconds) {

    public Answer {
        Objects.requireNonNull(response, "response");
    }
}
