package org.refvlm.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link Parameters}: seeded per-name initialisation, shape checks, freezing by prefix, put. */
class ParametersTest extends KitTest {

    private static final Shape SHAPE = new Shape(3, 4);
    private static final Init INIT = Init.uniformFanIn(4);

    private static int[] bits(NDArray a) {
        float[] v = a.toFloatArray();
        int[] b = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = Float.floatToRawIntBits(v[i]);
        }
        return b;
    }

    @Test
    void sameSeedGivesTheSameValuesAndAnotherSeedOthers() {
        NDArray a = new Parameters(manager, 42).declare("enc.weight", SHAPE, INIT);
        NDArray b = new Parameters(manager, 42).declare("enc.weight", SHAPE, INIT);
        NDArray c = new Parameters(manager, 43).declare("enc.weight", SHAPE, INIT);
        assertThat(bits(b)).containsExactly(bits(a));
        assertThat(bits(c)).isNotEqualTo(bits(a));
    }

    @Test
    void valuesDoNotDependOnWhatElseWasDeclared() {
        Parameters both = new Parameters(manager, 7);
        NDArray a = both.declare("a.weight", SHAPE, INIT);
        NDArray b = both.declare("b.weight", SHAPE, INIT);
        Parameters alone = new Parameters(manager, 7);
        assertThat(bits(alone.declare("b.weight", SHAPE, INIT))).as("B alone vs after A").containsExactly(bits(b));
        Parameters reversed = new Parameters(manager, 7);
        reversed.declare("b.weight", SHAPE, INIT);
        assertThat(bits(reversed.declare("a.weight", SHAPE, INIT))).as("A after B vs first").containsExactly(bits(a));
        // and the name matters: two parameters of one holder are not copies of each other
        assertThat(bits(a)).isNotEqualTo(bits(b));
    }

    @Test
    void declaringAnotherShapeOnAnExistingNameFailsNamingIt() {
        Parameters params = new Parameters(manager, 1);
        params.declare("decoder.bbox_embed.layers.0.weight", new Shape(2, 3), INIT);
        assertThatThrownBy(() -> params.declare("decoder.bbox_embed.layers.0.weight", new Shape(3, 2), INIT))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'decoder.bbox_embed.layers.0.weight'")
                .hasMessageContaining("(2, 3)").hasMessageContaining("(3, 2)");
    }

    @Test
    void declaringAnExistingNameKeepsWhatWasPut() {
        Parameters params = new Parameters(manager, 1);
        NDArray loaded = Constants.of(manager, new float[] {1, 2, 3, 4, 5, 6}, new Shape(2, 3));
        params.put("proj.weight", loaded);
        assertThat(params.declare("proj.weight", new Shape(2, 3), INIT)).isSameAs(loaded);
        assertThat(params.get("proj.weight").toFloatArray()).containsExactly(1, 2, 3, 4, 5, 6);
    }

    @Test
    void setTrainableByPrefixCountsAndFlags() {
        Parameters params = new Parameters(manager, 1);
        for (String name : new String[] {"enc.a", "enc.b", "dec.a", "dec.b", "dec.c"}) {
            params.declare(name, new Shape(2), Init.zeros());
        }
        assertThat(params.trainableNames()).as("parameters start frozen").isEmpty();

        assertThat(params.setTrainable("dec.", true)).isEqualTo(3);
        assertThat(params.trainableNames()).containsExactly("dec.a", "dec.b", "dec.c");
        assertThat(params.isTrainable("enc.a")).isFalse();
        assertThat(params.get("dec.b").hasGradient()).isTrue();

        assertThat(params.setTrainable("dec.b", false)).isEqualTo(1);
        assertThat(params.trainableNames()).containsExactly("dec.a", "dec.c");
        assertThat(params.setTrainable("nothing.", true)).isZero();
        assertThat(params.setTrainable("", true)).as("the empty prefix matches all").isEqualTo(5);
        assertThat(params.trainableNames()).hasSize(5);
        assertThat(params.setTrainable("", false)).isEqualTo(5);
        assertThat(params.trainableNames()).isEmpty();
    }

    @Test
    void putReplacingATrainableParameterKeepsItTrainable() {
        Parameters params = new Parameters(manager, 1);
        NDArray old = params.declare("w", new Shape(2), Init.zeros());
        params.setTrainable("w", true);
        NDArray replacement = Constants.of(manager, new float[] {5, 6}, new Shape(2));
        params.put("w", replacement);
        assertThat(params.get("w")).isSameAs(replacement);
        assertThat(params.isTrainable("w")).isTrue();
        assertThat(old.isReleased()).as("the replaced array is closed").isTrue();
        assertThat(replacement.getName()).isEqualTo("w");
    }

    @Test
    void listsShapesAndCountInDeclarationOrder() {
        Parameters params = new Parameters(manager, 1);
        new Linear(params, "fc", 4, 3);
        new LayerNorm(params, "norm", 3);
        assertThat(params.shapes()).containsExactly(
                Map.entry("fc.weight", new Shape(3, 4)), Map.entry("fc.bias", new Shape(3)),
                Map.entry("norm.weight", new Shape(3)), Map.entry("norm.bias", new Shape(3)));
        assertThat(params.count()).isEqualTo(12 + 3 + 3 + 3);
        assertThatThrownBy(() -> params.get("fc.wieght")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'fc.wieght'");
        assertThat(params.find("fc.wieght")).isNull();
    }

    @Test
    void initialisersHaveTheirBounds() {
        assertThatThrownBy(() -> Init.uniformFanIn(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got 0");
        Parameters params = new Parameters(manager, 9);
        assertThat(params.declare("ones", new Shape(3), Init.ones()).toFloatArray()).containsExactly(1, 1, 1);
        assertThat(params.declare("c", new Shape(2), Init.constant(0.5f)).toFloatArray()).containsExactly(0.5f, 0.5f);
        for (float v : params.declare("u", new Shape(1000), Init.uniform(0.01)).toFloatArray()) {
            assertThat(Math.abs(v)).isLessThanOrEqualTo(0.01f);
        }
    }

    @Test
    void castingToHalfKeepsWhatWasTrainable() {
        Parameters params = new Parameters(manager, 1);
        new Linear(params, "fc", 2, 3);
        params.setTrainable("fc.weight", true);
        params.castTo(ai.djl.ndarray.types.DataType.FLOAT16);
        assertThat(params.get("fc.weight").getDataType()).isEqualTo(ai.djl.ndarray.types.DataType.FLOAT16);
        assertThat(params.isTrainable("fc.weight")).isTrue();
        assertThat(params.isTrainable("fc.bias")).isFalse();
        assertThat(params.trainableNames()).containsExactly("fc.weight");
    }
}
