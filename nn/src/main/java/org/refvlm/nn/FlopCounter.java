package org.refvlm.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the floating-point work of the matrix products and convolutions the kit computes (the
 * operations a matrix-multiply rate bounds; element-wise work is not counted), from the shapes of
 * the actual operands: {@code 2 m n k} for an {@code [m, k] x [k, n]} product.
 *
 * <p>The backward pass of an operation with a trained weight is counted as two more products of
 * the same size (the weight's gradient, and the input's, which a trained layer almost always
 * needs: the first layer of a trained chain on a frozen input is over-counted). An operation
 * with a frozen weight gets no backward work: in refvlm's stages frozen parts (encoders, a frozen
 * language model) sit upstream of the trained ones, where no gradient flows. A product without a
 * weight (attention's scores and values, resizing) inherits the need of the last weighted
 * operation of the thread, which is that of the layer it belongs to. (The engine cannot be asked
 * instead: DJL 0.36 reports {@code requires_grad} as false for every intermediate result.) Off
 * unless {@code -Drefvlm.countFlops=true} or {@link #enable}.
 */
public final class FlopCounter {

    private static volatile boolean enabled = Boolean.getBoolean("refvlm.countFlops");
    private static final LongAdder TOTAL = new LongAdder();
    /** Whether the last weighted operation of this thread had a trained weight. */
    private static final ThreadLocal<Boolean> TRAINED_REGION = ThreadLocal.withInitial(() -> false);

    private FlopCounter() {
    }

    public static void enable(boolean on) {
        enabled = on;
    }

    public static boolean enabled() {
        return enabled;
    }

    /** Forward and backward FLOPs counted so far (all threads). */
    public static long total() {
        return TOTAL.sum();
    }

    /** {@code a [..., m, k] x b [..., k, n]}, the leading axes broadcast. */
    static void product(NDArray a, NDArray b) {
        if (!enabled) {
            return;
        }
        Shape sa = a.getShape();
        Shape sb = b.getShape();
        long m = sa.dimension() < 2 ? 1 : sa.get(sa.dimension() - 2);
        long k = sa.get(sa.dimension() - 1);
        long n = sb.dimension() < 2 ? 1 : sb.get(sb.dimension() - 1);
        long batch = Math.max(sa.size() / Math.max(1, m * k), sb.size() / Math.max(1, k * n));
        long forward = 2 * batch * m * n * k;
        boolean trained = a.hasGradient() || b.hasGradient();   // a trained parameter is an operand
        if (trained) {
            TRAINED_REGION.set(true);
        }
        TOTAL.add(trained || TRAINED_REGION.get() ? 3 * forward : forward);
    }

    /** {@code x [..., in] W^T} with {@code w [out, in]}. */
    static void linear(NDArray x, NDArray w) {
        if (!enabled) {
            return;
        }
        long in = w.getShape().get(1);
        weighted(2 * (x.getShape().size() / in) * in * w.getShape().get(0), w);
    }

    /** A convolution of {@code x [B, C, H, W]} with {@code w [O, C / groups, kh, kw]} giving {@code y [B, O, H', W']}. */
    static void convolution(NDArray x, NDArray w, NDArray y) {
        if (!enabled) {
            return;
        }
        Shape sw = w.getShape();
        long perOutput = sw.get(1) * sw.get(2) * sw.get(3);
        weighted(2 * y.getShape().size() * perOutput, w);
    }

    private static void weighted(long forward, NDArray weight) {
        boolean trained = weight.hasGradient();   // reliable for parameters (leaves)
        TRAINED_REGION.set(trained);
        TOTAL.add(trained ? 3 * forward : forward);
    }
}
