package org.refvlm.nn;

import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * How a parameter is initialised: a function of its shape and a generator. {@link Parameters}
 * gives every parameter a generator of its own, seeded by the model seed and the parameter's
 * name, so adding a parameter never changes the values of the others.
 */
@FunctionalInterface
public interface Init {

    /** The initial values, row-major. */
    float[] values(Shape shape, SplittableRandom random);

    /**
     * {@code U(-1/sqrt(fanIn), 1/sqrt(fanIn))}: what {@code torch.nn.Linear} and {@code nn.Conv2d}
     * give weight and bias alike (kaiming-uniform with {@code a = sqrt 5} reduces to this bound).
     */
    static Init uniformFanIn(long fanIn) {
        if (fanIn <= 0) {
            throw new IllegalArgumentException("fan-in must be positive, got " + fanIn);
        }
        return uniform(1.0 / Math.sqrt(fanIn));
    }

    /** {@code U(-bound, bound)}. */
    static Init uniform(double bound) {
        return (shape, random) -> {
            float[] v = new float[Math.toIntExact(shape.size())];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) random.nextDouble(-bound, bound);
            }
            return v;
        };
    }

    /** {@code N(0, std^2)}; {@code nn.Embedding} uses std 1. */
    static Init normal(double std) {
        return (shape, random) -> {
            float[] v = new float[Math.toIntExact(shape.size())];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) (random.nextGaussian() * std);
            }
            return v;
        };
    }

    /** Every value {@code value}. */
    static Init constant(float value) {
        return (shape, random) -> {
            float[] v = new float[Math.toIntExact(shape.size())];
            Arrays.fill(v, value);
            return v;
        };
    }

    /** Norm scales. */
    static Init ones() {
        return constant(1f);
    }

    /** Norm shifts and biases that start at zero. */
    static Init zeros() {
        return constant(0f);
    }
}
