package org.refvlm.trainer.eval.answers;

import org.refvlm.api.Request;

/**
 * Where an evaluation's answers come from: the model, asked now ({@link LiveAnswers}), or answers
 * recorded earlier, possibly by other machines ({@link RecordedAnswers}). The evaluators score either
 * the same way, so a distributed run reports what a single run reports.
 */
@FunctionalInterface
public interface AnswerSource {

    /**
     * @param key     the question's key, unique within a run ({@code <task>/<sample id>...}; see {@link Question})
     * @param request the request the evaluator built for it
     * @return the response and the seconds the model took
     * @throws RuntimeException when no answer can be had; the evaluator counts the question as failed
     */
    Answer answer(String key, Request request);
}
