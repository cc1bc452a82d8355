package org.refvlm.trainer.score.text;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Corpus BLEU-1..4 as pycocoevalcap's {@code BleuScorer} with {@code option="closest"}: clipped
 * n-gram matches and candidate n-grams summed over the corpus, the reference length of each
 * candidate the one closest to its own (the shorter on a tie), and the brevity penalty on the
 * summed lengths. The reference's smoothing constants (1e-15 on matches, 1e-9 on counts) are kept.
 */
public final class Bleu {

    public static final int N = 4;
    private static final double TINY = 1e-15;
    private static final double SMALL = 1e-9;

    /** BLEU-1 to BLEU-4. */
    public double[] score(CaptionSet set) {
        long[] correct = new long[N];
        long[] guess = new long[N];
        long testLength = 0;
        long refLength = 0;
        for (String id : set.ids()) {
            List<String> test = NGrams.words(set.candidates().get(id));
            Map<String, Integer> maxRefCounts = new HashMap<>();
            int closest = -1;
            for (String r : set.references().get(id)) {
                List<String> ref = NGrams.words(r);
                NGrams.count(ref, N).forEach((g, c) -> maxRefCounts.merge(g, c, Math::max));
                int diff = Math.abs(ref.size() - test.size());
                int best = closest < 0 ? Integer.MAX_VALUE : Math.abs(closest - test.size());
                if (diff < best || (diff == best && ref.size() < closest)) {
                    closest = ref.size();
                }
            }
            testLength += test.size();
            refLength += closest;
            for (int k = 1; k <= N; k++) {
                guess[k - 1] += Math.max(0, test.size() - k + 1);
            }
            for (Map.Entry<String, Integer> e : NGrams.count(test, N).entrySet()) {
                correct[NGrams.order(e.getKey()) - 1] += Math.min(maxRefCounts.getOrDefault(e.getKey(), 0), e.getValue());
            }
        }
        double[] bleu = new double[N];
        double product = 1;
        for (int k = 0; k < N; k++) {
            product *= (correct[k] + TINY) / (guess[k] + SMALL);
            bleu[k] = Math.pow(product, 1.0 / (k + 1));
        }
        double ratio = (testLength + TINY) / (refLength + SMALL);
        if (ratio < 1) {
            for (int k = 0; k < N; k++) {
                bleu[k] *= Math.exp(1 - 1 / ratio);
            }
        }
        return bleu;
    }
}
