package org.refvlm.trainer.eval.tasks;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiPredicate;

/**
 * GLaMM's greedy one-to-one pairing of predictions and targets: repeatedly take the pair of highest
 * IoU (the first such pair, targets outer and predictions inner, as numpy's argmax reads the
 * matrix), remove its row and column, and stop when the best remaining pair fails the condition.
 */
final class GreedyPairs {

    private GreedyPairs() {
    }

    /** A target index, a prediction index and their IoU. */
    record Pair(int target, int predicted, double iou) {
    }

    /**
     * @param iou    iou[target][prediction]
     * @param accept whether a best pair (target, prediction) may be taken; pairing stops at the first that may not
     */
    static List<Pair> pair(double[][] iou, BiPredicate<Integer, Integer> accept) {
        int t = iou.length;
        int p = t == 0 ? 0 : iou[0].length;
        boolean[] targetTaken = new boolean[t];
        boolean[] predictedTaken = new boolean[p];
        List<Pair> pairs = new ArrayList<>();
        while (pairs.size() < Math.min(t, p)) {
            int bi = -1;
            int bj = -1;
            for (int i = 0; i < t; i++) {
                for (int j = 0; j < p; j++) {
                    if (!targetTaken[i] && !predictedTaken[j] && (bi < 0 || iou[i][j] > iou[bi][bj])) {
                        bi = i;
                        bj = j;
                    }
                }
            }
            if (!accept.test(bi, bj)) {
                break;
            }
            pairs.add(new Pair(bi, bj, iou[bi][bj]));
            targetTaken[bi] = true;
            predictedTaken[bj] = true;
        }
        return pairs;
    }
}
