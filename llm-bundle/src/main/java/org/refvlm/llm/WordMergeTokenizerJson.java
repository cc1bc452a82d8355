package org.refvlm.llm;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Hugging Face {@code tokenizer.json} for tiny models trained from scratch on a known corpus:
 * the character vocabulary of {@link CharTokenizerJson} plus BPE merges that build each frequent
 * word of the corpus into one token. Every string still tokenises (unknown words fall back to
 * characters) and decodes back exactly (the Fuse decoder joins tokens as they are), while the
 * corpus's own text becomes about four times shorter than with characters, which makes both
 * training and copying words from prompt to answer much easier for a small model.
 *
 * <p>A word is kept with the spacing it is seen with: {@code " star"} (after a space) and
 * {@code "star"} (after punctuation or a tag) are different tokens. The merges that build
 * space-led words rank before the others, so {@code " the star"} becomes {@code [" the", " star"]}.
 */
public final class WordMergeTokenizerJson {

    /** Words and bracketed reference indices such as {@code [0]}, with an optional leading space. */
    private static final Pattern WORD = Pattern.compile(" ?(?:[A-Za-z][A-Za-z'-]*|\\[\\d+])");

    private WordMergeTokenizerJson() {
    }

    /**
     * Counts the words of {@code texts} as they are spaced, keeping those seen at least
     * {@code minCount} times, most frequent first.
     */
    public static List<String> frequentWords(Collection<String> texts, int minCount) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String text : texts) {
            Matcher m = WORD.matcher(text);
            while (m.find()) {
                if (m.group().length() > 1) {
                    counts.merge(m.group(), 1, Integer::sum);
                }
            }
        }
        List<String> words = new ArrayList<>();
        counts.entrySet().stream().filter(e -> e.getValue() >= minCount)
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .forEach(e -> words.add(e.getKey()));
        return words;
    }

    /** The tokenizer: characters first (the same ids as the character tokenizer), then every word's prefixes. */
    public static String json(List<String> words) {
        Map<String, Integer> vocab = CharTokenizerJson.vocabulary();
        List<String[]> spaced = new ArrayList<>();
        List<String[]> plain = new ArrayList<>();
        Set<String> merged = new LinkedHashSet<>();
        for (String w : words) {
            for (String c : w.split("")) {
                if (!vocab.containsKey(c)) {
                    throw new IllegalArgumentException("word '" + w + "' has a character the tokenizer lacks: '" + c + "'");
                }
            }
            for (int k = 2; k <= w.length(); k++) {
                String prefix = w.substring(0, k);
                if (merged.add(prefix)) {
                    (w.startsWith(" ") ? spaced : plain).add(new String[] {w.substring(0, k - 1), w.substring(k - 1, k)});
                    vocab.put(prefix, vocab.size());
                }
            }
        }
        ObjectNode root = CharTokenizerJson.skeleton();
        ObjectNode model = (ObjectNode) root.get("model");
        ObjectNode v = model.putObject("vocab");
        vocab.forEach(v::put);
        ArrayNode merges = model.putArray("merges");
        for (List<String[]> group : List.of(spaced, plain)) {
            for (String[] pair : group) {
                merges.addArray().add(pair[0]).add(pair[1]);
            }
        }
        return root.toPrettyString();
    }

    /** Number of entries of the vocabulary {@link #json} builds (without the platform's added tokens). */
    public static int vocabularySize(List<String> words) {
        Set<String> prefixes = new LinkedHashSet<>();
        for (String w : words) {
            for (int k = 2; k <= w.length(); k++) {
                prefixes.add(w.substring(0, k));
            }
        }
        return CharTokenizerJson.vocabularySize() + prefixes.size();
    }

}
