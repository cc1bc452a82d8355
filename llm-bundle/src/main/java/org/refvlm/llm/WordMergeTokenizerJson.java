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

    /**
     * A trained model's tokenizer with more words, each one new token: for a model that meets words
     * its tokenizer spells letter by letter (a stage 3 that adds tasks the base never saw).
     *
     * <p>The new words cannot join the BPE vocabulary: the platform's tokens ({@code reserved}: the
     * model's {@code <REF>} and the others, appended after the vocabulary when the tokenizer loads)
     * hold the ids right after it, and the language model's rows for them are trained. So the
     * reserved tokens are written into {@code added_tokens} at the ids they have, and the words after
     * them as added (non-special) tokens: ids already in use never change, and each new id is the
     * next row of a resized embedding. An added token is matched in the text before the BPE model
     * runs, wherever it occurs (the longest first), so a word keeps its leading space (" keypoint");
     * a known token that contains a new word (" circle" for "circle") is added as well, at the id it
     * has, so that the longest match keeps the base's tokens whole.
     *
     * @param json     the tokenizer, as {@link #json} wrote it (possibly extended before)
     * @param reserved the platform's tokens, in the order the tokenizer loader appends them
     * @param words    candidate words; those that are already one token are skipped
     * @return the new JSON and the words added, in id order
     */
    public static Extended withWords(String json, List<String> reserved, List<String> words) {
        ObjectNode root;
        try {
            root = (ObjectNode) new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("not a tokenizer.json: " + e.getOriginalMessage(), e);
        }
        com.fasterxml.jackson.databind.JsonNode vocabNode = root.path("model").path("vocab");
        if (!"BPE".equals(root.path("model").path("type").asText()) || !vocabNode.isObject()) {
            throw new IllegalArgumentException("only a BPE tokenizer's words can be extended, got model type '"
                    + root.path("model").path("type").asText() + "'");
        }
        Map<String, Long> vocab = new LinkedHashMap<>();
        vocabNode.fields().forEachRemaining(e -> vocab.put(e.getKey(), e.getValue().asLong()));
        Map<String, Long> ids = new LinkedHashMap<>(vocab);                // the vocabulary and every added token
        ArrayNode added = root.has("added_tokens") && root.get("added_tokens").isArray()
                ? (ArrayNode) root.get("added_tokens") : root.putArray("added_tokens");
        long next = ids.values().stream().mapToLong(Long::longValue).max().orElse(-1) + 1;
        for (com.fasterxml.jackson.databind.JsonNode t : added) {
            ids.put(t.get("content").asText(), t.get("id").asLong());
            next = Math.max(next, t.get("id").asLong() + 1);
        }
        for (String token : reserved) {
            if (!ids.containsKey(token)) {
                TextTokenizer.addToken(added, next, token, true);
                ids.put(token, next++);
            }
        }
        Set<String> matchedFirst = new LinkedHashSet<>();
        added.forEach(t -> matchedFirst.add(t.get("content").asText()));
        List<String> fresh = new ArrayList<>();
        for (String w : words) {
            if (w.isEmpty() || ids.containsKey(w)) {
                continue;                                                   // one token already
            }
            // An added token is cut out of the text before the BPE model sees it: a word inside a token
            // the model knows ("circle" inside " circle") would split that token. Each such token
            // becomes an added token too, at its own id, so the longest match keeps it whole.
            for (Map.Entry<String, Long> known : vocab.entrySet()) {
                if (known.getKey().contains(w) && matchedFirst.add(known.getKey())) {
                    TextTokenizer.addToken(added, known.getValue(), known.getKey(), false);
                }
            }
            TextTokenizer.addToken(added, next, w, false);
            matchedFirst.add(w);
            ids.put(w, next++);
            fresh.add(w);
        }
        return new Extended(root.toPrettyString(), List.copyOf(fresh));
    }

    /** {@link #withWords}' result: the tokenizer's JSON and the words it added. */
    public record Extended(String json, List<String> added) {
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
