package org.refvlm.nn;

import ai.djl.ndarray.NDArray;

/** A matrix product ({@code NDArray.matMul}) that the {@link FlopCounter} sees. */
public final class MatMul {

    private MatMul() {
    }

    /** {@code a [..., m, k] x b [..., k, n] -> [..., m, n]}. */
    public static NDArray of(NDArray a, NDArray b) {
        FlopCounter.product(a, b);
        return a.matMul(b);
    }
}
