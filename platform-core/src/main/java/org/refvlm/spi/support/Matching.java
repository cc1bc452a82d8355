package org.refvlm.spi.support;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.refvlm.nn.Constants;

/**
 * The pairs grouped Hungarian matching found in a batch: for each pair, the prediction's row in
 * the flattened {@code [B * L]} queries, its phrase group, the target's index in that group, and
 * the target's encoding.
 *
 * @param rows         per pair, the prediction's row in {@code [B * L]}
 * @param groups       per pair, the index of its {@code TargetGroup}
 * @param targets      per pair, the index of its target in the group
 * @param encoded      per pair, the target's {@code width} numbers: {@code [K * width]}
 * @param width        numbers per encoded target
 * @param totalTargets targets in the batch, matched or not: what losses divide by, as DETR does
 */
public record Matching(long[] rows, int[] groups, int[] targets, float[] encoded, int width, int totalTargets) {

    /** No pairs. */
    public static Matching none(int width, int totalTargets) {
        return new Matching(new long[0], new int[0], new int[0], new float[0], width, totalTargets);
    }

    /** Number of matched pairs {@code K}. */
    public int size() {
        return rows.length;
    }

    /**
     * The matched predictions, in pair order, in the graph of {@code predictions}.
     *
     * @param predictions [B, L, ...]
     * @return [K, ...]
     */
    public NDArray gather(NDArray predictions) {
        Shape s = predictions.getShape();
        long[] flat = new long[s.dimension() - 1];
        flat[0] = s.get(0) * s.get(1);
        for (int i = 2; i < s.dimension(); i++) {
            flat[i - 1] = s.get(i);
        }
        return predictions.reshape(new Shape(flat)).get(predictions.getManager().create(rows));
    }

    /** The matched targets as {@code [K, width]} FLOAT32 on {@code manager}. */
    public NDArray targetTensor(NDManager manager) {
        return Constants.of(manager, encoded, new Shape(size(), width));
    }

    /** Pair {@code k}'s encoded target. */
    public float[] target(int k) {
        float[] t = new float[width];
        System.arraycopy(encoded, k * width, t, 0, width);
        return t;
    }
}
