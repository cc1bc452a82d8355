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

class AdamWTest {
    private static final double B1 = 0.9;
    private static final double B2 = 0.999;
    private static final double EPS = 1e-8;
    private static final double WD = 0.1;

    /** Gives each parameter the gradient c (loss = sum(p * c)). */
    private static void backward(Map<String, NDArray> params, Map<String, float[]> c) {
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray loss = null;
            for (Map.Entry<String, float[]> e : c.entrySet()) {
                NDArray p = params.get(e.getKey());
                NDArray term = p.mul(p.getManager().create(e.getValue(), p.getShape())).sum();
                loss = loss == null ? term : loss.add(term);
            }
            gc.backward(loss);
        }
    }

    /** torch.optim.AdamW written out in doubles. */
    private static double[] reference(double[] w, double[][] grads, double[] lrs, boolean decay) {
        double[] m = new double[w.length];
        double[] v = new double[w.length];
        double[] out = w.clone();
        for (int t = 1; t <= grads.length; t++) {
            double lr = lrs[t - 1];
            for (int i = 0; i < w.length; i++) {
                double g = grads[t - 1][i];
                if (decay) {
                    out[i] *= 1 - lr * WD;
                }
                m[i] = B1 * m[i] + (1 - B1) * g;
                v[i] = B2 * v[i] + (1 - B2) * g * g;
                double mh = m[i] / (1 - Math.pow(B1, t));
                double vh = v[i] / (1 - Math.pow(B2, t));
                out[i] -= lr * mh / (Math.sqrt(vh) + EPS);
            }
        }
        return out;
    }

    @Test
    void matchesHandComputedUpdatesWithDecayAndBiasCorrection() {
        try (NDManager m = NDManager.newBaseManager()) {
            Map<String, NDArray> params = new LinkedHashMap<>();
            params.put("fc.weight", m.create(new float[] {1f, -2f, 0.5f}));
            params.put("fc.bias", m.create(new float[] {0.25f, -0.75f}));
            params.put("frozen.weight", m.create(new float[] {3f}));
            params.get("fc.weight").setRequiresGradient(true);
            params.get("fc.bias").setRequiresGradient(true);
            AdamW opt = new AdamW(B1, B2, EPS, WD, AdamW.NO_DECAY_DEFAULT);

            float[][] gw = {{0.3f, -1.5f, 2f}, {-0.1f, 0.4f, 1f}};
            float[][] gb = {{1f, -0.5f}, {0.2f, 0.2f}};
            double[] lrs = {0.01, 0.005};
            for (int t = 0; t < 2; t++) {
                backward(params, Map.of("fc.weight", gw[t], "fc.bias", gb[t]));
                assertThat(opt.step(params, lrs[t])).isEqualTo(2);
                Gradients.zero(params);
            }
            double[] ew = reference(new double[] {1, -2, 0.5}, toD(gw), lrs, true);
            double[] eb = reference(new double[] {0.25, -0.75}, toD(gb), lrs, false);
            float[] w = params.get("fc.weight").toFloatArray();
            float[] b = params.get("fc.bias").toFloatArray();
            for (int i = 0; i < w.length; i++) {
                assertThat((double) w[i]).isCloseTo(ew[i], within(1e-6));
            }
            for (int i = 0; i < b.length; i++) {
                assertThat((double) b[i]).isCloseTo(eb[i], within(1e-6));
            }
            // Step one of Adam moves each coordinate by about lr against the gradient sign;
            // check one coordinate fully by hand: 1·(1−0.01·0.1) − 0.01·0.3/(0.3+1e-8).
            assertThat(1 * (1 - 0.01 * WD) - 0.01 * 0.3 / (0.3 + EPS)).isCloseTo(0.989, within(1e-7));
            assertThat(params.get("frozen.weight").toFloatArray()).containsExactly(3f);
            assertThat(opt.stepCount("fc.weight")).isEqualTo(2);
            assertThat(opt.stepCount("frozen.weight")).isZero();
            assertThat(params.get("fc.weight").hasGradient()).isTrue();
        }
    }

    @Test
    void updatesInPlaceEvenInsideAnOpenCollector() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray w = m.create(new float[] {1f, 2f});
            w.setRequiresGradient(true);
            Map<String, NDArray> params = Map.of("w", w);
            backward(params, Map.of("w", new float[] {1f, 1f}));
            AdamW opt = new AdamW(B1, B2, EPS, 0, AdamW.NO_DECAY_DEFAULT);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                // Grad mode is on here: an in-place update of the parameter itself would be recorded
                // (PyTorch refuses in-place changes of a leaf that requires grad, or, through an
                // alias, puts the update into w's graph).
                opt.step(params, 0.1);
                assertThat(w.hasGradient()).isTrue();
                Gradients.zero(params);
                // The parameter is still a leaf whose gradient is its own: the update added nothing.
                gc.backward(w.mul(3f).sum());
            }
            assertThat(w.getGradient().toFloatArray()).containsExactly(3f, 3f);
            assertThat(params.get("w")).isSameAs(w);
            assertThat((double) w.toFloatArray()[0]).isCloseTo(0.9, within(1e-6));
            assertThat((double) w.toFloatArray()[1]).isCloseTo(1.9, within(1e-6));
        }
    }

    @Test
    void parametersWithoutGradientAreSkipped() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray used = m.create(new float[] {1f});
            NDArray unused = m.create(new float[] {5f});
            used.setRequiresGradient(true);
            unused.setRequiresGradient(true);
            Map<String, NDArray> params = new LinkedHashMap<>();
            params.put("used", used);
            params.put("unused", unused);
            backward(params, Map.of("used", new float[] {2f}));
            AdamW opt = new AdamW(B1, B2, EPS, 0, AdamW.NO_DECAY_DEFAULT);
            opt.step(params, 0.1);
            assertThat(unused.toFloatArray()).containsExactly(5f);
            assertThat(opt.stepCount("used")).isEqualTo(1);
        }
    }

    @Test
    void noDecayRuleByName() {
        AdamW opt = new AdamW(B1, B2, EPS, 0.01, AdamW.NO_DECAY_DEFAULT);
        assertThat(opt.decays("layers.0.attn.q_proj.weight")).isTrue();
        assertThat(opt.decays("fc1.weight")).isTrue();
        assertThat(opt.decays("layers.0.attn.q_proj.bias")).isFalse();
        assertThat(opt.decays("bias")).isFalse();
        assertThat(opt.decays("layers.0.input_layernorm.weight")).isFalse();
        assertThat(opt.decays("model.norm.weight")).isFalse();
        assertThat(opt.decays("visual.ln_post.weight")).isFalse();
        assertThat(opt.decays("encoder.LayerNorm.weight")).isFalse();
        assertThat(new AdamW(B1, B2, EPS, 0, AdamW.NO_DECAY_DEFAULT).decays("fc1.weight")).isFalse();
    }

    private static double[][] toD(float[][] f) {
        double[][] d = new double[f.length][];
        for (int i = 0; i < f.length; i++) {
            d[i] = new double[f[i].length];
            for (int j = 0; j < f[i].length; j++) {
                d[i][j] = f[i][j];
            }
        }
        return d;
    }
}
