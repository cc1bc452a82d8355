package org.refvlm.trainer.score.text;

import java.util.List;

/**
 * One question of a VQA evaluation: the human answers (ten in VQAv2; fewer are allowed and are
 * averaged the same way) and the model's answer.
 *
 * @param answerType   {@code yes/no}, {@code number}, {@code other} in VQAv2
 * @param questionType the question's first words in VQAv2 ({@code how many}), or any grouping
 */
public record VqaQuestion(String id, String answerType, String questionType, List<String> humanAnswers,
        String predicted) {

    public VqaQuestion {
        humanAnswers = List.copyOf(humanAnswers);
        if (humanAnswers.isEmpty()) {
            throw new IllegalArgumentException("question " + id + " has no human answer");
        }
    }
}
