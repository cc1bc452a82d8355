package org.refvlm.bench.nd4j;

/**
 * What one engine computed for the attention block: the forward output and the gradients of
 * sum(output) with respect to the four projection matrices, all row-major and flattened so the
 * two engines' results compare element by element.
 */
public record BlockResult(float[] output, float[] gradQ, float[] gradK, float[] gradV, float[] gradO) {
}
