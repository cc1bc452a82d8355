package org.refvlm.data.synth;

/** A question about a scene with its answer; yes/no questions are marked for balance checks. */
public record QuestionAnswer(String kind, String question, String answer, boolean yesNo) {
}
