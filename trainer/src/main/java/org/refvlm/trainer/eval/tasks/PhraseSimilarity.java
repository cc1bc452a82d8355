package org.refvlm.trainer.eval.tasks;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * How alike two phrases are, in [0, 1]: the cosine of their bags of words (lower-case, articles and
 * number words dropped). It stands in for the text encoders of the reference protocols, which this
 * project cannot run: GLaMM's GCG recall compares phrases with BERT ({@code bert-base-uncased},
 * mean-pooled, cosine >= 0.5) and REF-VLM's mAP_S assigns classes with CLIP-L/14-336 text features.
 * A bag of words agrees with them where the words agree ("a red star" and "red star" are 1, "star"
 * and "red star" 0.71) and cannot see synonyms ("sofa" and "couch" are 0), so recall and mAP_S
 * computed with it are not the papers' numbers.
 */
public final class PhraseSimilarity {

    /** The threshold GLaMM's recall applies to its text similarity. */
    public static final double MATCH = 0.5;
    private static final Set<String> IGNORED = Set.of("a", "an", "the", "one", "two", "three", "four", "five", "six");

    private PhraseSimilarity() {
    }

    public static double of(String a, String b) {
        Map<String, Integer> x = bag(a);
        Map<String, Integer> y = bag(b);
        if (x.isEmpty() || y.isEmpty()) {
            return 0;
        }
        double dot = 0;
        for (Map.Entry<String, Integer> e : x.entrySet()) {
            dot += e.getValue() * y.getOrDefault(e.getKey(), 0);
        }
        return dot / (norm(x) * norm(y));
    }

    public static boolean matches(String a, String b) {
        return of(a, b) >= MATCH;
    }

    private static Map<String, Integer> bag(String text) {
        Map<String, Integer> bag = new HashMap<>();
        for (String w : AnswerText.words(text)) {
            if (!IGNORED.contains(w)) {
                bag.merge(w, 1, Integer::sum);
            }
        }
        return bag;
    }

    private static double norm(Map<String, Integer> bag) {
        double s = 0;
        for (int v : bag.values()) {
            s += (double) v * v;
        }
        return Math.sqrt(s);
    }
}
