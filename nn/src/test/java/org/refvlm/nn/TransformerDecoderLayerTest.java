package org.refvlm.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.refvlm.nn.ArrayAssert.assertMatches;

import ai.djl.ndarray.NDArray;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link TransformerDecoderLayer} (d 6, 2 heads, ffn 8, B 2, L 3 queries, N 5 memory cells) against
 * DETR's {@code forward_post} and {@code forward_pre} in numpy ({@code kit/decoder_layer_*.json}),
 * tolerance 1e-5. The memory keys carry the memory's position and the values do not, as DETR
 * calls it; a padded query, a padded memory cell and a cross-attention bias are all in play.
 */
class TransformerDecoderLayerTest extends KitTest {

    @ParameterizedTest(name = "{0}-norm")
    @ValueSource(strings = {"post", "pre"})
    void matchesDetr(String variant) {
        KitReference reference = KitReference.load("decoder_layer_" + variant);
        JsonNode c = reference.config();
        TransformerLayerConfig config = TransformerLayerConfig.of(c.get("dModel").asInt(), c.get("heads").asInt(),
                c.get("ffnDim").asInt()).preNorm(c.get("preNorm").asBoolean()).normEps((float) c.get("eps").asDouble());
        Parameters params = new Parameters(manager);
        reference.putParameters(params, "dec");
        TransformerDecoderLayer layer = new TransformerDecoderLayer(params, "dec", config);
        // Hugging Face DetrDecoderLayer names, nothing more
        assertThat(params.asMap().keySet()).containsExactlyInAnyOrderElementsOf(reference.parameterNames("dec"));

        NDArray tgt = reference.input(manager, "tgt");                                  // [2, 3, 6]
        NDArray queryPos = reference.input(manager, "queryPos");                        // [3, 6]
        NDArray memory = reference.input(manager, "memory");                            // [2, 5, 6]
        NDArray pos = reference.input(manager, "pos");                                  // [2, 5, 6]
        AttentionMask selfMask = AttentionMask.keys(reference.booleanInput(manager, "tgtPadding"));
        AttentionMask crossMask = new AttentionMask(reference.booleanInput(manager, "memoryPadding"),
                reference.input(manager, "crossBias"));                                 // bias [2, 1, 3, 5]
        NDArray out = layer.forward(tgt, queryPos, selfMask, memory.add(pos), memory, crossMask, false);
        assertMatches(out, reference.expected("out"));                                  // [2, 3, 6]
    }
}
