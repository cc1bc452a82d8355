package org.refvlm.llm.internal;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.refvlm.llm.GenerationConfig;

/**
 * Chooses the next token from one row of logits on the host, in Hugging Face's order:
 * temperature, top-k (threshold at the k-th largest value, ties kept), top-p (drop the smallest
 * tokens whose cumulative probability stays within 1 - p, always keeping the best), then a draw
 * from the softmax with a seeded generator. Greedy takes the first maximal index, like argmax.
 */
final class LogitsSampler {
    private final GenerationConfig config;
    private final SplittableRandom random;

    LogitsSampler(GenerationConfig config) {
        this.config = config;
        this.random = new SplittableRandom(config.seed());
    }

    long choose(float[] logits) {
        if (!config.doSample()) {
            return argMax(logits);
        }
        int v = logits.length;
        double[] s = new double[v];
        for (int i = 0; i < v; i++) {
            s[i] = logits[i] / config.temperature();
        }
        if (config.topK() > 0 && config.topK() < v) {
            double[] sorted = s.clone();
            Arrays.sort(sorted);
            double kth = sorted[v - config.topK()];
            for (int i = 0; i < v; i++) {
                if (s[i] < kth) {
                    s[i] = Double.NEGATIVE_INFINITY;
                }
            }
        }
        if (config.topP() < 1f) {
            applyTopP(s, config.topP());
        }
        double max = Double.NEGATIVE_INFINITY;
        for (double x : s) {
            max = Math.max(max, x);
        }
        double sum = 0;
        double[] p = new double[v];
        for (int i = 0; i < v; i++) {
            p[i] = s[i] == Double.NEGATIVE_INFINITY ? 0 : Math.exp(s[i] - max);
            sum += p[i];
        }
        double u = random.nextDouble() * sum;
        double acc = 0;
        int last = -1;
        for (int i = 0; i < v; i++) {
            if (p[i] > 0) {
                acc += p[i];
                last = i;
                if (u < acc) {
                    return i;
                }
            }
        }
        return last;
    }

    private static void applyTopP(double[] s, float topP) {
        int v = s.length;
        Integer[] order = new Integer[v];
        for (int i = 0; i < v; i++) {
            order[i] = i;
        }
        // Ascending, stable: same order as torch.sort(descending=False) for distinct values.
        Arrays.sort(order, (a, b) -> Double.compare(s[a], s[b]));
        double max = s[order[v - 1]];
        double sum = 0;
        double[] p = new double[v];
        for (int i = 0; i < v; i++) {
            double x = s[order[i]];
            p[i] = x == Double.NEGATIVE_INFINITY ? 0 : Math.exp(x - max);
            sum += p[i];
        }
        double cum = 0;
        for (int i = 0; i < v - 1; i++) { // the best token is always kept
            cum += p[i] / sum;
            if (cum <= 1 - topP) {
                s[order[i]] = Double.NEGATIVE_INFINITY;
            }
        }
    }

    static long argMax(float[] logits) {
        int best = 0;
        for (int i = 1; i < logits.length; i++) {
            if (logits[i] > logits[best]) {
                best = i;
            }
        }
        return best;
    }
}
