package org.refvlm.decoder.maskformer.internal;

import ai.djl.ndarray.types.Shape;

/**
 * One named parameter: its shape and how PyTorch would initialise it.
 *
 * @param name  stable name, used in checkpoints
 * @param shape tensor shape
 * @param init  initialisation rule
 * @param fanIn inputs per output unit, for the uniform rules
 */
public record ParameterSpec(String name, Shape shape, Init init, long fanIn) {

    /** PyTorch's default initialisations of the layers used here. */
    public enum Init {
        /**
         * {@code nn.Linear} / {@code nn.Conv2d} weight and bias: kaiming-uniform with a = sqrt 5
         * reduces to U(-1/sqrt(fanIn), 1/sqrt(fanIn)), and the bias uses the same bound.
         */
        UNIFORM_FAN_IN,
        /** {@code nn.Embedding}: N(0, 1). */
        NORMAL,
        /** Norm scales. */
        ONES,
        /** Norm shifts. */
        ZEROS
    }
}
