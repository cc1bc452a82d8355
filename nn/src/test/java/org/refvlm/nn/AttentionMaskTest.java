package org.refvlm.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link AttentionMask} on its own: what the softmax of masked scores comes out as. */
class AttentionMaskTest {

    private NDManager manager;
    private NDArray scores;  // [2, 1, 2, 3] scores of order 1

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
        scores = manager.create(new float[] {0.3f, -1.2f, 2.5f, 1.1f, 0.0f, -0.7f,
            -2.0f, 0.4f, 1.9f, 0.8f, -0.1f, 0.6f}, new Shape(2, 1, 2, 3));
    }

    @AfterEach
    void close() {
        manager.close();
    }

    private NDArray realKeys(boolean... real) {
        return manager.create(real, new Shape(2, 3));
    }

    @Test
    void allKeysPaddedGivesExactlyUniformWeights() {
        NDArray padding = realKeys(false, false, false, true, true, false);
        float[] w = AttentionMask.keys(padding).apply(scores).softmax(-1).toFloatArray();  // [2, 1, 2, 3]
        // sample 0: every key padded -> 1/3 each, finite, for both queries
        for (int i = 0; i < 6; i++) {
            assertThat(w[i]).as("weight %d of the all-padded sample", i).isEqualTo(1f / 3);
        }
        // sample 1: key 2 padded -> exactly 0; the two real ones share everything
        assertThat(w[8]).isZero();
        assertThat(w[11]).isZero();
        assertThat(w[6] + w[7]).isCloseTo(1f, within(1e-6f));
    }

    @Test
    void paddingAndBiasAreBothAdded() {
        NDArray padding = realKeys(true, true, true, true, false, true);
        NDArray bias = manager.create(new float[] {0.5f, 0f, -0.5f}, new Shape(1, 1, 1, 3));  // broadcast
        float[] masked = new AttentionMask(padding, bias).apply(scores).toFloatArray();
        float[] s = scores.toFloatArray();
        assertThat(masked[0]).isEqualTo(s[0] + 0.5f);
        assertThat(masked[2]).isEqualTo(s[2] - 0.5f);
        assertThat(masked[7]).as("padded key of sample 1").isEqualTo(AttentionMask.MASKED);
    }

    @Test
    void noneLeavesTheScoresAlone() {
        assertThat(AttentionMask.NONE.apply(scores)).isSameAs(scores);
        NDArray padding = realKeys(true, true, true, true, true, true);
        assertThat(AttentionMask.keys(padding).apply(scores).toFloatArray()).containsExactly(scores.toFloatArray());
    }
}
