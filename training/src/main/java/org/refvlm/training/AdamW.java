package org.refvlm.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * AdamW (Loshchilov and Hutter, decoupled weight decay) over named parameters, written out
 * rather than delegated to an engine kernel so that the state is ours to save and restore
 * exactly. For each trainable parameter θ with gradient g, at its own step count t:
 *
 * <pre>
 *   θ ← θ · (1 − lr·λ)                       (only where the decay predicate says so)
 *   m ← β1·m + (1 − β1)·g
 *   v ← β2·v + (1 − β2)·g²
 *   θ ← θ − lr · (m / (1 − β1^t)) / (sqrt(v / (1 − β2^t)) + ε)
 * </pre>
 *
 * which is torch.optim.AdamW without amsgrad. Updates happen in place on a detached alias of the
 * parameter (as DJL's own optimizers update in place, outside the recorded graph), so the caller's
 * references to parameter arrays stay valid and nothing is recorded even when a
 * GradientCollector happens to be open. Parameters without a gradient (frozen, or not reached by
 * any backward pass) are skipped and their step count does not advance, like PyTorch's
 * {@code grad is None} rule.
 */
public final class AdamW {
    /**
     * Default "no weight decay" rule: biases and normalisation parameters (LayerNorm, RMSNorm,
     * BatchNorm: any name segment containing "norm" or starting with "ln"), by name.
     */
    public static final Predicate<String> NO_DECAY_DEFAULT = new Predicate<>() {
        private final Pattern norm = Pattern.compile("(^|.*[._])(bias|[^.]*norm[^.]*|ln[^.]*)(\\.[^.]*)?$",
                Pattern.CASE_INSENSITIVE);

        @Override
        public boolean test(String name) {
            return norm.matcher(name).matches();
        }
    };

    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;
    private final Predicate<String> noDecay;
    private final Map<String, State> state = new TreeMap<>();

    /** Per-parameter optimizer state. */
    public record State(NDArray m, NDArray v, long step) {
    }

    public AdamW(double beta1, double beta2, double eps, double weightDecay, Predicate<String> noDecay) {
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        this.noDecay = noDecay;
    }

    /** AdamW with the recipe's betas, epsilon and weight decay, and the default no-decay rule. */
    public static AdamW of(TrainingConfig c) {
        return new AdamW(c.beta1(), c.beta2(), c.eps(), c.weightDecay(), NO_DECAY_DEFAULT);
    }

    /** Whether weight decay applies to the parameter of this name. */
    public boolean decays(String name) {
        return weightDecay > 0 && !noDecay.test(name);
    }

    /**
     * One update of every parameter that has a gradient, with learning rate {@code lr}.
     * Returns the number of parameters updated.
     */
    public int step(Map<String, NDArray> params, double lr) {
        int updated = 0;
        for (Map.Entry<String, NDArray> e : new TreeMap<>(params).entrySet()) {
            NDArray p = e.getValue();
            NDArray g = Gradients.of(p);
            if (g == null) {
                continue;
            }
            String name = e.getKey();
            // State is created outside the scope below, which would otherwise close it.
            State s = state.get(name);
            if (s == null) {
                s = new State(zeros(p), zeros(p), 0);
            }
            long t = s.step() + 1;
            // The scope closes the temporaries of the update; the aliases are closed explicitly
            // (they are wrappers only: closing them leaves the parameter and its gradient alone).
            try (g; NDArray w = p.stopGradient(); NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                update(name, w, g, s.m(), s.v(), t, lr);
            }
            state.put(name, new State(s.m(), s.v(), t));
            updated++;
        }
        return updated;
    }

    private void update(String name, NDArray w, NDArray g, NDArray m, NDArray v, long t, double lr) {
        if (decays(name)) {
            w.muli((float) (1 - lr * weightDecay));
        }
        m.muli((float) beta1).addi(g.mul((float) (1 - beta1)));
        v.muli((float) beta2).addi(g.square().muli((float) (1 - beta2)));
        double bc1 = 1 - Math.pow(beta1, t);
        double bc2 = 1 - Math.pow(beta2, t);
        NDArray denom = v.sqrt().divi((float) Math.sqrt(bc2)).addi((float) eps);
        w.subi(m.div(denom).muli((float) (lr / bc1)));
    }

    private static NDArray zeros(NDArray p) {
        // Same dtype and device as the parameter; kept out of any enclosing NDScope because the
        // state lives as long as the optimizer.
        NDArray z = p.zerosLike();
        NDScope.unregister(z);
        return z;
    }

    /** Read-only view of the state, by parameter name. */
    public Map<String, State> state() {
        return Collections.unmodifiableMap(state);
    }

    /** Replaces the state of one parameter (checkpoint restore); the arrays become owned by this optimizer. */
    public void restore(String name, NDArray m, NDArray v, long step) {
        if (!m.getShape().equals(v.getShape())) {
            throw new IllegalArgumentException("m and v of '" + name + "' differ in shape");
        }
        State old = state.put(name, new State(m, v, step));
        if (old != null) {
            old.m().close();
            old.v().close();
        }
    }

    /** Step count of one parameter (0 before its first update). */
    public long stepCount(String name) {
        State s = state.get(name);
        return s == null ? 0 : s.step();
    }

    /** Forgets and frees all state. */
    public void reset() {
        for (State s : state.values()) {
            s.m().close();
            s.v().close();
        }
        state.clear();
    }

    /** Parameter names in state order, for checkpoints. */
    public Map<String, Long> stepCounts() {
        Map<String, Long> m = new LinkedHashMap<>();
        state.forEach((k, s) -> m.put(k, s.step()));
        return m;
    }
}
