package org.refvlm.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.refvlm.nn.ArrayAssert.assertMatches;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

/**
 * {@link LayerNorm} over the last axis (eps 1e-5) and over the channels of an NCHW map (eps 1e-6),
 * against {@code kit/layer_norm.json}, tolerance 1e-5.
 */
class LayerNormTest extends KitTest {

    private static final KitReference REFERENCE = KitReference.load("layer_norm");

    @Test
    void lastAxisMatchesTheReference() {
        Parameters params = new Parameters(manager);
        REFERENCE.putParameters(params, "ln");
        LayerNorm norm = new LayerNorm(params, "ln", 6);                            // default eps 1e-5
        assertThat(params.asMap().keySet()).containsExactly("ln.weight", "ln.bias");
        assertMatches(norm.forward(REFERENCE.input(manager, "x")), REFERENCE.expected("ln"));   // [2, 3, 6]
    }

    @Test
    void channelsOfNchwMatchTheReference() {
        Parameters params = new Parameters(manager);
        REFERENCE.putParameters(params, "ln2d");
        LayerNorm norm = new LayerNorm(params, "ln2d", 4, 1e-6f);
        NDArray x = REFERENCE.input(manager, "xChannels");                          // [2, 4, 3, 2]
        assertMatches(norm.forwardChannels(x), REFERENCE.expected("ln2d"));        // [2, 4, 3, 2]
    }

    @Test
    void startsAsThePlainStandardisation() {
        Parameters params = new Parameters(manager);
        LayerNorm norm = new LayerNorm(params, "ln", 4);
        NDArray y = norm.forward(manager.create(new float[] {1, 2, 3, 4}, new Shape(1, 4)));
        // mean 2.5, biased variance 1.25: (x - 2.5) / sqrt(1.25 + 1e-5)
        double sd = Math.sqrt(1.25 + 1e-5);
        ArrayAssert.assertClose(y.toFloatArray(), new float[] {(float) (-1.5 / sd), (float) (-0.5 / sd),
                (float) (0.5 / sd), (float) (1.5 / sd)}, ArrayAssert.FLOAT32_TOLERANCE, "ones/zeros LayerNorm");
    }
}
