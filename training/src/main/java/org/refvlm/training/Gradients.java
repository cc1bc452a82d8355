package org.refvlm.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import java.util.Map;
import java.util.TreeMap;

/**
 * Operations on the gradients the engine accumulated on trainable parameters: global norm,
 * clipping to a global norm, and zeroing after an optimizer step.
 *
 * <p>The engine (PyTorch) adds each backward pass into the parameter's gradient, which is what
 * makes accumulation over micro-batches work without any copying, and is also why the gradients
 * must be zeroed after every optimizer step. Parameters are visited in name order so that the
 * floating-point sums do not depend on map iteration order.
 */
public final class Gradients {
    private Gradients() {
    }

    /**
     * The gradient of {@code param}, or null when it has none: frozen parameters, and trainable
     * ones no backward pass has reached yet (PyTorch leaves their gradient undefined).
     * The returned wrapper shares the engine's storage; close it when done.
     */
    public static NDArray of(NDArray param) {
        if (!param.hasGradient()) {
            return null;
        }
        try {
            return param.getGradient();
        } catch (IllegalStateException | NullPointerException e) {
            return null;
        }
    }

    /**
     * sqrt of the sum of squares of every gradient, accumulated in double. The per-tensor sums are
     * added on the gradients' device, one after the other in name order (the same double additions
     * as on the host), and read once: one copy to the host per step, not one per tensor.
     */
    public static double globalNorm(Map<String, NDArray> params) {
        // Every temporary (gradient wrappers, squares, casts) is closed by the scope; they would
        // otherwise pile up on the parameters' manager, one set per step.
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray sum = null;
            for (NDArray p : new TreeMap<>(params).values()) {
                NDArray g = of(p);
                if (g != null) {
                    NDArray s = g.square().sum().toType(DataType.FLOAT64, false);
                    sum = sum == null ? s : sum.add(s);
                }
            }
            return sum == null ? 0 : Math.sqrt(sum.getDouble());
        }
    }

    /**
     * Scales all gradients together so that their global norm is at most {@code maxNorm}
     * (direction kept, as torch.nn.utils.clip_grad_norm_ does, including its 1e-6 guard).
     * Returns the norm before clipping, which is what the metrics log reports.
     */
    public static double clipGlobalNorm(Map<String, NDArray> params, double maxNorm) {
        double norm = globalNorm(params);
        if (maxNorm > 0 && Double.isFinite(norm) && norm > maxNorm) {
            float scale = (float) (maxNorm / (norm + 1e-6));
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                for (NDArray p : new TreeMap<>(params).values()) {
                    NDArray g = of(p);
                    if (g != null) {
                        g.muli(scale);
                    }
                }
            }
        }
        return norm;
    }

    /** Sets every gradient to zero in place (NaN and infinities included, unlike {@code g - g}). */
    public static void zero(Map<String, NDArray> params) {
        NDIndex all = new NDIndex("...");
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            for (NDArray p : params.values()) {
                NDArray g = of(p);
                if (g != null) {
                    g.set(all, 0);
                }
            }
        }
    }

    /**
     * The parameters whose gradient holds a NaN or an infinity, in map order: one such value
     * spreads to every parameter at the next step, so a check names where it came from.
     */
    public static java.util.List<String> nonFinite(Map<String, NDArray> params) {
        java.util.List<String> names = new java.util.ArrayList<>();
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            for (Map.Entry<String, NDArray> e : params.entrySet()) {
                NDArray g = of(e.getValue());
                if (g != null && (g.isNaN().any().getBoolean() || g.isInfinite().any().getBoolean())) {
                    names.add(e.getKey());
                }
            }
        }
        return names;
    }
}
