package org.refvlm.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.refvlm.nn.ArrayAssert.assertMatches;

import ai.djl.ndarray.NDArray;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link TransformerEncoderLayer} (d 6, 2 heads, ffn 8, B 2, N 5, sample 1 with 2 padded tokens)
 * against DETR's {@code forward_post} and {@code forward_pre} in numpy
 * ({@code kit/encoder_layer_post.json}, {@code kit/encoder_layer_pre.json}), tolerance 1e-5.
 */
class TransformerEncoderLayerTest extends KitTest {

    @ParameterizedTest(name = "{0}-norm")
    @ValueSource(strings = {"post", "pre"})
    void matchesDetr(String variant) {
        KitReference reference = KitReference.load("encoder_layer_" + variant);
        JsonNode c = reference.config();
        TransformerLayerConfig config = TransformerLayerConfig.of(c.get("dModel").asInt(), c.get("heads").asInt(),
                c.get("ffnDim").asInt()).preNorm(c.get("preNorm").asBoolean()).normEps((float) c.get("eps").asDouble());
        Parameters params = new Parameters(manager);
        reference.putParameters(params, "enc");
        TransformerEncoderLayer layer = new TransformerEncoderLayer(params, "enc", config);
        // Hugging Face DetrEncoderLayer names, nothing more
        assertThat(params.asMap().keySet()).containsExactlyInAnyOrderElementsOf(reference.parameterNames("enc"));

        NDArray x = reference.input(manager, "x");                                      // [2, 5, 6]
        NDArray pos = reference.input(manager, "pos");                                  // [5, 6]
        AttentionMask mask = AttentionMask.keys(reference.booleanInput(manager, "padding"));
        assertMatches(layer.forward(x, pos, mask, false), reference.expected("out"));   // [2, 5, 6]
        // dropout configured but not training: the same result
        TransformerEncoderLayer withDropout = new TransformerEncoderLayer(params, "enc", config.dropout(0.5));
        assertMatches(withDropout.forward(x, pos, mask, false), reference.expected("out"));
    }

    @Test
    void configRejectsWidthNotDivisibleByHeads() {
        assertThatThrownBy(() -> TransformerLayerConfig.of(10, 4, 16)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dModel 10").hasMessageContaining("heads 4");
        assertThatThrownBy(() -> TransformerLayerConfig.of(8, 2, 16).dropout(1.0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 1.0");
    }
}
