package org.refvlm.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.refvlm.nn.ArrayAssert.assertMatches;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link Mlp} against {@code kit/mlp.json} (DETR's MLP head: a 3-layer ReLU box head and a
 * 2-layer GELU one), tolerance 1e-5.
 */
class MlpTest extends KitTest {

    private static final KitReference REFERENCE = KitReference.load("mlp");

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"bbox_embed", "head"})
    void matchesTheReference(String prefix) {
        JsonNode c = REFERENCE.config().get(prefix);
        Parameters params = new Parameters(manager);
        REFERENCE.putParameters(params, prefix);
        Mlp mlp = new Mlp(params, prefix, c.get("in").asLong(), c.get("hidden").asLong(), c.get("out").asLong(),
                c.get("count").asInt(), NonLinearity.valueOf(c.get("activation").asText()));
        // DETR's names: <prefix>.layers.<i>.weight and .bias
        assertThat(params.asMap().keySet()).containsExactlyElementsOf(REFERENCE.parameterNames(prefix));
        assertMatches(mlp.forward(REFERENCE.input(manager, "x")), REFERENCE.expected(prefix));  // [2, 3, out]
    }

    @Test
    void needsALayer() {
        assertThatThrownBy(() -> new Mlp(new Parameters(manager), "m", 4, 4, 4, 0, NonLinearity.RELU))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 0");
    }
}
