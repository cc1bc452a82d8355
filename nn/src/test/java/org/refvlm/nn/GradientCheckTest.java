package org.refvlm.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Autograd through the kit: the gradient of {@code L = sum(r * head(norm(attn(x, x, x))))} (masked
 * multi-head attention, LayerNorm, Linear; {@code r} fixed random weights, because a plain sum of a
 * LayerNorm's output does not depend on its input) w.r.t. one weight matrix, against a central
 * finite difference in float32.
 *
 * <p>Tolerance: with step {@code eps = 1e-3} the truncation error ({@code eps^2 f'''/6}) is about
 * 1e-7; the rounding error of two float32 forward passes over 24 outputs of order 1 is at most
 * about {@code 24 * 2 * 1e-7 / (2 eps)} = 2.4e-3 absolute and typically a tenth of it. So the
 * entries compared are the six of largest gradient (all above 0.1 here, checked), and each must
 * agree within 1e-2 relative.
 */
class GradientCheckTest {

    private static final long SEED = 5;
    private static final float EPS = 1e-3f;
    private static final double RELATIVE = 1e-2;

    private NDManager manager;
    private NDArray x;        // [2, 4, 8]
    private NDArray padding;  // [2, 4]; sample 1's last key is padding
    private float[] r;        // [2 * 4 * 3] weights of the outputs in the loss

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
        SplittableRandom random = new SplittableRandom(17);
        float[] xs = new float[2 * 4 * 8];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = (float) random.nextGaussian();
        }
        x = Constants.of(manager, xs, new Shape(2, 4, 8));
        padding = manager.create(new boolean[] {true, true, true, true, true, true, true, false}, new Shape(2, 4));
        r = new float[2 * 4 * 3];
        for (int i = 0; i < r.length; i++) {
            r[i] = (float) random.nextDouble(-1, 1);
        }
    }

    @AfterEach
    void close() {
        manager.close();
    }

    /** The graph, its weights drawn from {@link #SEED}: [2, 4, 8] -> [2, 4, 3]. */
    private NDArray forward(Parameters params) {
        MultiHeadAttention attention = new MultiHeadAttention(params, "attn", 8, 2);
        LayerNorm norm = new LayerNorm(params, "norm", 8);
        Linear head = new Linear(params, "head", 8, 3);
        return head.forward(norm.forward(attention.forward(x, x, x, AttentionMask.keys(padding))));
    }

    /** The loss from the float32 outputs, summed on the host in double. */
    private double loss(NDArray out) {
        float[] y = out.toFloatArray();
        double sum = 0;
        for (int i = 0; i < y.length; i++) {
            sum += (double) r[i] * y[i];
        }
        return sum;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"attn.q_proj.weight", "attn.v_proj.weight", "head.weight"})
    void gradientMatchesCentralDifference(String name) {
        Parameters params = new Parameters(manager.newSubManager(), SEED);
        forward(params);  // declares everything
        assertThat(params.setTrainable(name, true)).isEqualTo(1);
        float[] gradient;
        try (NDManager step = manager.newSubManager()) {
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray out = forward(params);                                             // [2, 4, 3]
                NDArray weights = Constants.of(step, r, out.getShape());
                gc.backward(out.mul(weights).sum());
            }
            gradient = params.get(name).getGradient().toFloatArray();
        }

        float[] w = params.get(name).toFloatArray();
        Shape shape = params.get(name).getShape();
        int[] largest = IntStream.range(0, gradient.length).boxed()
                .sorted(Comparator.comparingDouble(i -> -Math.abs(gradient[i]))).limit(6)
                .mapToInt(Integer::intValue).toArray();
        for (int i : largest) {
            assertThat(Math.abs(gradient[i])).as("%s[%d] is large enough to compare", name, i).isGreaterThan(0.1f);
            // a holder with the same seed has the same weights; only entry i moves
            float up = w[i] + EPS, down = w[i] - EPS;
            double lossUp = perturbedLoss(name, shape, w, i, up);
            double lossDown = perturbedLoss(name, shape, w, i, down);
            double difference = (lossUp - lossDown) / ((double) up - down);   // the step as stored in float32
            assertThat((double) gradient[i]).as("%s[%d]: autograd %s, central difference %s", name, i, gradient[i],
                    difference).isCloseTo(difference, within(RELATIVE * Math.abs(difference)));
        }
    }

    private double perturbedLoss(String name, Shape shape, float[] w, int index, float value) {
        try (NDManager scope = manager.newSubManager()) {
            Parameters params = new Parameters(scope, SEED);
            float[] moved = Arrays.copyOf(w, w.length);
            moved[index] = value;
            params.put(name, Constants.of(scope, moved, shape));
            return loss(forward(params));
        }
    }
}
