package org.refvlm.data.synth;

import java.util.Optional;

/**
 * A question about a scene with its answer; yes/no questions are marked for balance checks.
 *
 * @param subject the one scene object the question is about, as the question names it (colour and
 *                position questions); null when it is about several objects or none (counts,
 *                existence, relations)
 */
public record QuestionAnswer(String kind, String question, String answer, boolean yesNo, Subject subject) {

    /**
     * The object a question is about.
     *
     * @param object its index in the scene
     * @param phrase the words of the question that name it ("the square")
     */
    public record Subject(int object, String phrase) {
    }

    /** A question about no single object. */
    public QuestionAnswer(String kind, String question, String answer, boolean yesNo) {
        this(kind, question, answer, yesNo, null);
    }

    /** The one object the question is about, if it is about one. */
    public Optional<Subject> about() {
        return Optional.ofNullable(subject);
    }
}
