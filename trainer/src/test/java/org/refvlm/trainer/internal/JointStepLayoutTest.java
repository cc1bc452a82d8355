package org.refvlm.trainer.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.refvlm.core.pipeline.AnswerPositions;

/**
 * The joint step's label shift and {@code <REF>} positions (issue 23, item 16): every answer
 * token and the end token are labels at the position that predicts them, and each {@code <REF>}
 * state is taken where the {@code <REF>} is the input, which is where inference
 * ({@link AnswerPositions#input}, used by the request pipeline) reads it. A one-position slip on
 * either side would still train (losses fall) but serve the decoders other states.
 */
class JointStepLayoutTest {

    private static final long REF = 50, EOS = 2;

    @Test
    void labelsAreShiftedByOneAndRefsAreReadWhereTheyAreTheInput() {
        int prompt = 5;
        // answer: "a" <REF> "b" <REF> <REF>, groups of 1 and 2 references
        long[] answer = {7, REF, 9, REF, REF};
        JointStep.Layout layout = JointStep.layout("x", prompt, answer, EOS, REF, List.of(1, 2));
        assertThat(layout.labels()).containsExactly(7, REF, 9, REF, REF, EOS);
        // position 4 (the last prompt position) predicts the first answer token
        assertThat(layout.labelPositions()).containsExactly(4, 5, 6, 7, 8, 9);
        // the REFs are answer tokens 1, 3 and 4: inputs at 6, 8 and 9
        assertThat(layout.refPositions().get(0)).containsExactly(6);
        assertThat(layout.refPositions().get(1)).containsExactly(8, 9);
        for (int j : new int[] {1, 3, 4}) {
            int read = AnswerPositions.input(prompt, j);
            assertThat(layout.labelPositions()[j]).as("the position predicting REF %d is just before its own", j)
                    .isEqualTo(read - 1);
        }
    }

    @Test
    void groupsThatDeclareOtherReferenceCountsAreNamed() {
        assertThatThrownBy(() -> JointStep.layout("sample-3", 4, new long[] {REF, 1}, EOS, REF, List.of(2)))
                .hasMessage("example sample-3: the answer has 1 <REF> tokens but its groups declare 2");
    }
}
