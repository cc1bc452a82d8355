package org.refvlm.trainer.eval.answers;

import java.util.Objects;
import org.refvlm.api.RefVlm;
import org.refvlm.api.Request;
import org.refvlm.api.Response;
import org.refvlm.api.model.GenerationOptions;

/** Answers from the platform's model, generated with the run's options. */
public record LiveAnswers(RefVlm refvlm, GenerationOptions options) implements AnswerSource {

    public LiveAnswers {
        Objects.requireNonNull(refvlm, "refvlm");
        Objects.requireNonNull(options, "options");
    }

    @Override
    public Answer answer(String key, Request request) {
        long start = System.nanoTime();
        Response response = refvlm.answer(request, options);
        return new Answer(response, (System.nanoTime() - start) / 1e9);
    }
}
