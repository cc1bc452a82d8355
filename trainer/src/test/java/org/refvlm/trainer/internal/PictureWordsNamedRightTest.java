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

    @Test
    void countsTheGroupsWinnerAndTheVocabularysNearestRowApart() {
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            // a vocabulary of four unit rows in 2-D: ids 0 and 1 are the group's two words, 2 and 3 others
            NDArray vocabulary = m.create(new float[] {
                    1, 0,
                    0, 1,
                    0.8f, 0.6f,
                    -1, 0}, new Shape(4, 2));                                               // [V, D]
            long[] groupIds = {0, 1};
            // three tokens, all meant to name word 0 (id 0)
            NDArray tokens = m.create(new float[] {
                    1, 0,          // on word 0: right in the group and in the vocabulary
                    0.7f, 0.71f,   // word 1 wins the group: wrong in both
                    0.9f, 0.44f},  // word 0 wins the group, but id 2 is nearer in the vocabulary
                    new Shape(3, 2));                                                       // [K, D]
            NDArray unit = tokens.div(tokens.square().sum(new int[] {1}, true).sqrt());
            NDArray logits = unit.matMul(vocabulary.get("0:2").transpose());                // [K, C]
            String read = PictureWordsLoss.namedRight(logits, unit, vocabulary, groupIds, List.of(0, 0, 0));
            assertThat(read).isEqualTo("0.67 / 0.33 of 3");
        }
    }

    @Test
    void countsTokensOffObjectsThatReadAsAWordOfTheGroup() {
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            NDArray vocabulary = m.create(new float[] {
                    1, 0,
                    0, 1,
                    0.8f, 0.6f,
                    -1, 0}, new Shape(4, 2));                                               // [V, D]
            NDArray tokens = m.create(new float[] {
                    0, 1,        // word 1 of the group
                    -1, 0.1f,    // id 3, not of the group
                    0.8f, 0.6f,  // id 2, not of the group
                    1, 0.1f},    // word 0 of the group
                    new Shape(4, 2));                                                       // [K, D]
            NDArray unit = tokens.div(tokens.square().sum(new int[] {1}, true).sqrt());
            assertThat(PictureWordsLoss.wordOfGroupShare(unit, vocabulary, new long[] {0, 1})).isEqualTo(0.5);
        }
    }
}
