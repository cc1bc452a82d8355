package org.refvlm.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.refvlm.nn.ArrayAssert.assertMatches;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import org.junit.jupiter.api.Test;

/** {@link RmsNorm} (LLaMA, eps 1e-6) against {@code kit/rms_norm.json}, tolerance 1e-5. */
class RmsNormTest extends KitTest {

    private static final KitReference REFERENCE = KitReference.load("rms_norm");

    @Test
    void matchesTheReference() {
        Parameters params = new Parameters(manager);
        REFERENCE.putParameters(params, "rms");
        RmsNorm norm = new RmsNorm(params, "rms", 8, 1e-6f);
        assertThat(params.asMap().keySet()).containsExactly("rms.weight");
        assertMatches(norm.forward(REFERENCE.input(manager, "x")), REFERENCE.expected("rms"));  // [2, 3, 8]
    }

    @Test
    void halfPrecisionInputKeepsItsTypeAndTheFloat32Statistics() {
        Parameters params = new Parameters(manager);
        REFERENCE.putParameters(params, "rms");
        params.castTo(DataType.FLOAT16);
        RmsNorm norm = new RmsNorm(params, "rms", 8, 1e-6f);
        NDArray y = norm.forward(REFERENCE.input(manager, "x").toType(DataType.FLOAT16, false));
        assertThat(y.getDataType()).isEqualTo(DataType.FLOAT16);
        // float16 rounds the input and the weight to 2^-11 relative each, and the output to half an
        // ulp (at most 2^-10 for |y| < 4): for |y| <= 2.2, at most 2.2 * 2 * 2^-11 + 2^-10 = 3.1e-3
        ArrayAssert.assertClose(y.toType(DataType.FLOAT32, false).toFloatArray(),
                REFERENCE.expected("rms").values(), 4e-3, "rms in float16");
    }
}
