package org.refvlm.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.refvlm.nn.ArrayAssert.assertMatches;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link MultiHeadAttention} (d 8, 2 heads, B 2, Lq 3, Lk 4) against {@code kit/attention.json},
 * tolerance 1e-5: no mask, key padding, padding then a per-head bias, a bias alone, the narrow
 * internal width (4) with a head-broadcast bias, and a sample whose keys are all padding.
 */
class MultiHeadAttentionTest {

    private static final KitReference REFERENCE = KitReference.load("attention");

    private NDManager manager;
    private NDArray query;   // [2, 3, 8]
    private NDArray key;     // [2, 4, 8]
    private NDArray value;   // [2, 4, 8]
    private NDArray padding; // [2, 4] true = real key; sample 1 has keys 2 and 3 padded

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
        query = REFERENCE.input(manager, "query");
        key = REFERENCE.input(manager, "key");
        value = REFERENCE.input(manager, "value");
        padding = REFERENCE.booleanInput(manager, "padding");
    }

    @AfterEach
    void close() {
        manager.close();
    }

    private MultiHeadAttention attention(Parameters params) {
        REFERENCE.putParameters(params, "attn");
        MultiHeadAttention attn = new MultiHeadAttention(params, "attn", 8, 2);
        assertThat(params.asMap().keySet()).containsExactlyElementsOf(REFERENCE.parameterNames("attn"));
        return attn;
    }

    @Test
    void withoutMaskMatchesTheReference() {
        MultiHeadAttention attn = attention(new Parameters(manager));
        assertMatches(attn.forward(query, key, value, AttentionMask.NONE), REFERENCE.expected("plain"));
    }

    @Test
    void keyPaddingMatchesTheReference() {
        MultiHeadAttention attn = attention(new Parameters(manager));
        assertMatches(attn.forward(query, key, value, AttentionMask.keys(padding)), REFERENCE.expected("padded"));
    }

    @Test
    void paddingThenBiasMatchesTheReference() {
        MultiHeadAttention attn = attention(new Parameters(manager));
        NDArray bias = REFERENCE.input(manager, "bias");                             // [2, 2, 3, 4]
        assertMatches(attn.forward(query, key, value, AttentionMask.keys(padding).withBias(bias)),
                REFERENCE.expected("padded_bias"));
        assertMatches(attn.forward(query, key, value, AttentionMask.bias(bias)), REFERENCE.expected("bias_only"));
    }

    @Test
    void narrowInternalWidthMatchesTheReference() {
        Parameters params = new Parameters(manager);
        REFERENCE.putParameters(params, "narrow");
        MultiHeadAttention attn = new MultiHeadAttention(params, "narrow", 8, 2, 4);
        assertThat(params.asMap().keySet()).containsExactlyElementsOf(REFERENCE.parameterNames("narrow"));
        NDArray bias = REFERENCE.input(manager, "narrowBias");                       // [2, 1, 3, 4]
        assertMatches(attn.forward(query, key, value, new AttentionMask(padding, bias)), REFERENCE.expected("narrow"));
    }

    @Test
    void allKeysPaddedGivesUniformWeightsNotNaN() {
        MultiHeadAttention attn = attention(new Parameters(manager));
        NDArray allPadded = REFERENCE.booleanInput(manager, "allPadded");            // sample 0: no real key
        NDArray y = attn.forward(query, key, value, AttentionMask.keys(allPadded));  // [2, 3, 8]
        float[] values = y.toFloatArray();
        for (float v : values) {
            assertThat(Float.isFinite(v)).as("every output finite").isTrue();
        }
        assertMatches(y, REFERENCE.expected("all_padded"));
        // uniform weights do not depend on the query: the three queries of sample 0 read the same
        float[] row0 = y.get("0, 0").toFloatArray();
        assertThat(y.get("0, 1").toFloatArray()).containsExactly(row0);
        assertThat(y.get("0, 2").toFloatArray()).containsExactly(row0);
    }

    @Test
    void paddedKeysAreNotReadAtAll() {
        MultiHeadAttention attn = attention(new Parameters(manager));
        NDArray before = attn.forward(query, key, value, AttentionMask.keys(padding));
        // change sample 1's padded keys and values (cells 2 and 3) to something large
        NDArray otherKey = key.duplicate();
        NDArray otherValue = value.duplicate();
        otherKey.set(new NDIndex("1, 2:"), 50f);
        otherValue.set(new NDIndex("1, 2:"), -1000f);
        NDArray after = attn.forward(query, otherKey, otherValue, AttentionMask.keys(padding));
        // their weight is exactly 0 (exp underflows), so the output is the same to the bit
        assertThat(after.toFloatArray()).containsExactly(before.toFloatArray());
    }

    @Test
    void wrongPaddingShapeIsNamed() {
        MultiHeadAttention attn = attention(new Parameters(manager));
        NDArray shortPadding = padding.get(":, :3");                                  // [2, 3], keys are 4
        assertThatThrownBy(() -> attn.forward(query, key, value, AttentionMask.keys(shortPadding)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[2, 4]").hasMessageContaining("(2, 3)");
    }

    @Test
    void internalWidthMustSplitIntoHeads() {
        assertThatThrownBy(() -> new MultiHeadAttention(new Parameters(manager), "a", 8, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("8").hasMessageContaining("3 heads");
        assertThatThrownBy(() -> new MultiHeadAttention(new Parameters(manager), "a", 8, 4, 6))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("6").hasMessageContaining("4 heads");
    }
}
