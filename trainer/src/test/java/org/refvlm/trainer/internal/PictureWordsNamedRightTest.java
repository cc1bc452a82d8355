package org.refvlm.trainer.internal;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The picture-words loss's reading of its tokens: a token can win among its group's words (what
 * the loss trains) and still lie nearer to some other word of the vocabulary (what the language
 * model meets), and the two shares are counted apart.
 */
class PictureWordsNamedRightTest {

    /** The group's two words: ids 0 and 1 of {@link #vocabulary}. */
    private static final long[] GROUP_IDS = {0, 1};

    /** A vocabulary of four unit rows in 2-D: ids 0 and 1 are the group's two words, 2 and 3 others. */
    private static NDArray vocabulary(NDManager m) {
        return m.create(new float[] {
                1, 0,
                0, 1,
                0.8f, 0.6f,
                -1, 0}, new Shape(4, 2));                                                   // [V, D]
    }

    /** [K, 2] tokens from their coordinates, scaled to length 1. */
    private static NDArray unitTokens(NDManager m, float... xy) {
        NDArray tokens = m.create(xy, new Shape(xy.length / 2, 2));                         // [K, D]
        return tokens.div(tokens.square().sum(new int[] {1}, true).sqrt());
    }

    @Test
    void countsTheGroupsWinnerAndTheVocabularysNearestRowApart() {
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            NDArray vocabulary = vocabulary(m);
            // three tokens, all meant to name word 0 (id 0)
            NDArray unit = unitTokens(m,
                    1, 0,          // on word 0: right in the group and in the vocabulary
                    0.7f, 0.71f,   // word 1 wins the group: wrong in both
                    0.9f, 0.44f);  // word 0 wins the group, but id 2 is nearer in the vocabulary
            NDArray logits = unit.matMul(vocabulary.get("0:2").transpose());                // [K, C]
            String read = PictureWordsLoss.namedRight(logits, unit, vocabulary, GROUP_IDS, List.of(0, 0, 0));
            assertThat(read).isEqualTo("0.67 / 0.33 of 3");
        }
    }

    @Test
    void countsTokensOffObjectsThatReadAsAWordOfTheGroup() {
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            NDArray unit = unitTokens(m,
                    0, 1,        // word 1 of the group
                    -1, 0.1f,    // id 3, not of the group
                    0.8f, 0.6f,  // id 2, not of the group
                    1, 0.1f);    // word 0 of the group
            assertThat(PictureWordsLoss.wordOfGroupShare(unit, vocabulary(m), GROUP_IDS)).isEqualTo(0.5);
        }
    }
}
