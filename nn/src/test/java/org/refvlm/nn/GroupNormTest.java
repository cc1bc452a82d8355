package org.refvlm.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.refvlm.nn.ArrayAssert.assertMatches;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link GroupNorm} with 3, 1 and 6 groups of 6 channels against {@code kit/group_norm.json}
 * ({@code torch.nn.GroupNorm} semantics), tolerance 1e-5, and its shape errors.
 */
class GroupNormTest extends KitTest {

    private static final KitReference REFERENCE = KitReference.load("group_norm");

    @ParameterizedTest(name = "{0} groups")
    @ValueSource(ints = {3, 1, 6})
    void matchesTheReference(int groups) {
        Parameters params = new Parameters(manager);
        String prefix = "gn" + groups;
        REFERENCE.putParameters(params, prefix);
        GroupNorm norm = new GroupNorm(params, prefix, groups, 6);
        assertThat(params.asMap().keySet()).containsExactly(prefix + ".weight", prefix + ".bias");
        NDArray x = REFERENCE.input(manager, "x");                                  // [2, 6, 2, 3]
        assertMatches(norm.forward(x), REFERENCE.expected(prefix));                 // [2, 6, 2, 3]
    }

    @Test
    void aSampleDoesNotDependOnTheRestOfTheBatch() {
        Parameters params = new Parameters(manager);
        REFERENCE.putParameters(params, "gn3");
        GroupNorm norm = new GroupNorm(params, "gn3", 3, 6);
        NDArray x = REFERENCE.input(manager, "x");                                  // [2, 6, 2, 3]
        NDArray alone = norm.forward(x.get("0:1"));                                 // [1, 6, 2, 3]
        // equal up to rounding: statistics taken over the batch would move it by order 1
        ArrayAssert.assertClose(alone.toFloatArray(), norm.forward(x).get("0:1").toFloatArray(),
                ArrayAssert.FLOAT32_TOLERANCE, "sample 0 alone vs in a batch of 2");
    }

    @Test
    void channelsNotDivisibleByGroupsAreRejectedNamingBoth() {
        Parameters params = new Parameters(manager);
        assertThatThrownBy(() -> new GroupNorm(params, "gn", 4, 6))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("6 channels").hasMessageContaining("4 groups");
        assertThat(params.asMap()).as("nothing declared by a rejected layer").isEmpty();

        NDArray ones = manager.ones(new Shape(6));
        NDArray x = manager.ones(new Shape(1, 6, 2, 2));
        assertThatThrownBy(() -> GroupNorm.apply(x, ones, ones, 4, 1e-5f))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("6 channels").hasMessageContaining("4 groups");
    }
}
