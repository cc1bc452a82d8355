package org.refvlm.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GradientsTest {
    private static Map<String, NDArray> params(NDManager m) {
        Map<String, NDArray> p = new LinkedHashMap<>();
        p.put("a", m.create(new float[] {1f, 2f}));
        p.put("b", m.create(new float[] {3f}));
        p.values().forEach(x -> x.setRequiresGradient(true));
        return p;
    }

    /** loss = 3·a0 + 4·a1 + 12·b, so the gradients are (3, 4) and (12): global norm 13. */
    private static void backward(Map<String, NDArray> p) {
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDManager m = p.get("a").getManager();
            NDArray loss = p.get("a").mul(m.create(new float[] {3f, 4f})).sum().add(p.get("b").mul(12f).sum());
            gc.backward(loss);
        }
    }

    @Test
    void globalNormAndClipping() {
        try (NDManager m = NDManager.newBaseManager()) {
            Map<String, NDArray> p = params(m);
            backward(p);
            assertThat(Gradients.globalNorm(p)).isCloseTo(13, within(1e-9));
            double before = Gradients.clipGlobalNorm(p, 1.0);
            assertThat(before).isCloseTo(13, within(1e-9));
            assertThat(Gradients.globalNorm(p)).isCloseTo(1.0, within(1e-5));
            float[] a = p.get("a").getGradient().toFloatArray();
            assertThat((double) a[0] / a[1]).isCloseTo(0.75, within(1e-6));
            assertThat((double) p.get("b").getGradient().toFloatArray()[0]).isCloseTo(12 / 13.0, within(1e-5));
        }
    }

    @Test
    void normBelowTheBoundIsLeftAlone() {
        try (NDManager m = NDManager.newBaseManager()) {
            Map<String, NDArray> p = params(m);
            backward(p);
            assertThat(Gradients.clipGlobalNorm(p, 20)).isCloseTo(13, within(1e-9));
            assertThat(p.get("a").getGradient().toFloatArray()).containsExactly(3f, 4f);
            assertThat(Gradients.clipGlobalNorm(p, 0)).isCloseTo(13, within(1e-9));
            assertThat(p.get("b").getGradient().toFloatArray()).containsExactly(12f);
        }
    }

    @Test
    void backwardPassesAccumulateUntilZeroed() {
        try (NDManager m = NDManager.newBaseManager()) {
            Map<String, NDArray> p = params(m);
            backward(p);
            backward(p);
            assertThat(p.get("a").getGradient().toFloatArray()).containsExactly(6f, 8f);
            Gradients.zero(p);
            assertThat(Gradients.globalNorm(p)).isZero();
            backward(p);
            assertThat(p.get("b").getGradient().toFloatArray()).containsExactly(12f);
        }
    }

    @Test
    void frozenParametersHaveNoGradient() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray frozen = m.create(new float[] {1f});
            assertThat(Gradients.of(frozen)).isNull();
            assertThat(Gradients.globalNorm(Map.of("f", frozen))).isZero();
        }
    }
}
