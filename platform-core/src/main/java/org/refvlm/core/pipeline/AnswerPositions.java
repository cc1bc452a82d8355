package org.refvlm.core.pipeline;

/**
 * Where an answer's tokens sit in the sequence {@code prompt + answer}: one convention for
 * training and for inference, so that a decoder is trained on the same {@code <REF>} states it
 * is later served (an off-by-one between the two would train on one state and serve another
 * while every loss still falls).
 *
 * <p>With a prompt of {@code t} positions, answer token {@code j} is the input at position
 * {@code t + j}, and the output of position {@code t - 1 + j} predicts it. A {@code <REF>}'s
 * decoder reads the state of the position whose input is the {@code <REF>} (the reference's
 * {@code prepare_ref_feats}, unshifted).
 */
public final class AnswerPositions {

    private AnswerPositions() {
    }

    /** The position whose input is answer token {@code j}: a {@code <REF>}'s state is read here. */
    public static int input(int promptLength, int j) {
        return promptLength + j;
    }

    /** The position whose output predicts answer token {@code j} (next-token training). */
    public static int predicting(int promptLength, int j) {
        return promptLength - 1 + j;
    }
}
