package org.refvlm.trainer.score.text;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The n-gram counts of a tokenised sentence, n = 1..maxN, in the order pycocoevalcap's
 * {@code precook} first meets them (all unigrams left to right, then all bigrams, ...). The order
 * matters only for the last bits of floating-point sums, which are kept the reference's way.
 */
final class NGrams {

    private NGrams() {
    }

    /** n-gram (words joined by a space) to count. */
    static Map<String, Integer> count(List<String> words, int maxN) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (int k = 1; k <= maxN; k++) {
            for (int i = 0; i + k <= words.size(); i++) {
                counts.merge(String.join(" ", words.subList(i, i + k)), 1, Integer::sum);
            }
        }
        return counts;
    }

    /** How many words an n-gram key has. */
    static int order(String ngram) {
        int n = 1;
        for (int i = 0; i < ngram.length(); i++) {
            if (ngram.charAt(i) == ' ') {
                n++;
            }
        }
        return n;
    }

    /** pycocoevalcap splits on whitespace: the words of an already tokenised text. */
    static List<String> words(String text) {
        String t = text.strip();
        return t.isEmpty() ? List.of() : List.of(t.split("\\s+"));
    }
}
