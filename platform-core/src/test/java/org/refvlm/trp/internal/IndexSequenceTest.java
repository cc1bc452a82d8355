package org.refvlm.trp.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.refvlm.trp.internal.IndexSequence.Verdict.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class IndexSequenceTest {

    private static List<IndexSequence.Verdict> verdicts(int... indices) {
        IndexSequence sequence = new IndexSequence();
        List<IndexSequence.Verdict> out = new ArrayList<>();
        for (int index : indices) {
            out.add(sequence.accept(index));
        }
        return out;
    }

    @Test
    void classifiesIndices() {
        assertThat(verdicts(0, 1, 2)).containsExactly(NEXT, NEXT, NEXT);
        assertThat(verdicts(0, 2, 1, 3)).containsExactly(NEXT, GAP, OUT_OF_ORDER, NEXT);
        assertThat(verdicts(0, 0, 1, 1)).containsExactly(NEXT, DUPLICATE, NEXT, DUPLICATE);
        assertThat(verdicts(5, 5, 0)).containsExactly(GAP, DUPLICATE, OUT_OF_ORDER);
        assertThat(verdicts(999_999_999, 0)).containsExactly(GAP, OUT_OF_ORDER);
    }
}
