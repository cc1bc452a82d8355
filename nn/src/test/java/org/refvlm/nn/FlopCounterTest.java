package org.refvlm.nn;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The counter's arithmetic on shapes worked by hand, and its backward rule: one product as large
 * again per operand that requires a gradient (a trained weight, or an activation computed from
 * one), none for frozen ones.
 */
class FlopCounterTest extends KitTest {

    @AfterEach
    void off() {
        FlopCounter.enable(false);
    }

    private static long counted(Runnable r) {
        long before = FlopCounter.total();
        r.run();
        return FlopCounter.total() - before;
    }

    @Test
    void countsNothingWhenOff() {
        NDArray a = manager.ones(new Shape(4, 8));
        assertThat(counted(() -> MatMul.of(a, a.transpose()))).isZero();
    }

    @Test
    void forwardWorkFollowsTheShapes() {
        FlopCounter.enable(true);
        NDArray a = manager.ones(new Shape(3, 5, 4, 8));        // batch 15 of [4, 8]
        NDArray b = manager.ones(new Shape(8, 6));              // broadcast
        assertThat(counted(() -> MatMul.of(a, b))).isEqualTo(2L * 15 * 4 * 6 * 8);
        NDArray x = manager.ones(new Shape(2, 7, 16));
        NDArray w = manager.ones(new Shape(10, 16));
        assertThat(counted(() -> Linear.apply(x, w, null))).isEqualTo(2L * 14 * 16 * 10);
        // [1, 3, 9, 9] * [4, 3, 3, 3], stride 2, padding 1 -> [1, 4, 5, 5]: 100 outputs of 27 multiply-adds
        NDArray img = manager.ones(new Shape(1, 3, 9, 9));
        NDArray k = manager.ones(new Shape(4, 3, 3, 3));
        assertThat(counted(() -> Conv2d.apply(img, k, null, ConvOptions.kernel(3).stride(2).padding(1))))
                .isEqualTo(2L * 100 * 27);
    }

    @Test
    void aTrainedLayerCountsTwoBackwardProductsAndAFrozenOneNone() {
        FlopCounter.enable(true);
        NDArray x = manager.ones(new Shape(4, 8));
        NDArray trained = manager.ones(new Shape(8, 8));
        NDArray frozen = manager.ones(new Shape(8, 8));
        trained.setRequiresGradient(true);
        long one = 2L * 4 * 8 * 8;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            // a trained layer: forward, its weight's gradient, its input's gradient
            NDArray[] h = new NDArray[1];
            assertThat(counted(() -> h[0] = Linear.apply(x, trained, null))).isEqualTo(3 * one);
            // a weightless product after it (attention scores) belongs to the trained layer
            assertThat(counted(() -> MatMul.of(h[0], h[0].transpose()))).isEqualTo(3 * 2L * 4 * 4 * 8);
            // a frozen layer, and what follows it: forward only
            assertThat(counted(() -> Linear.apply(x, frozen, null))).isEqualTo(one);
            assertThat(counted(() -> MatMul.of(x, x.transpose()))).isEqualTo(2L * 4 * 4 * 8);
            // a trained parameter as a product's operand (a probe) counts as a trained layer
            assertThat(counted(() -> MatMul.of(x, trained))).isEqualTo(3 * one);
            collector.backward(h[0].sum());
        }
    }
}
