package org.refvlm.trainer.score.text;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which WordNet synsets a word can belong to, as METEOR's synonym stage looks them up: the synsets
 * of the word itself, plus those of its base form, found in WordNet's exception lists
 * ({@code *.exc}: "geese" -> "goose") or else by WordNet's suffix rules ("stars" -> "star"). Two
 * different words are synonyms when their sets share a synset. A synset is its offset in WordNet's
 * data file, without the part of speech, as METEOR keys it.
 *
 * <p>The data is WordNet 3.1 from the extJWNL data package ({@code index.sense} and the four
 * exception lists, embedded in this bundle); METEOR 1.5 ships synsets built from WordNet 3.0, so
 * words whose senses changed between the two versions can match differently.
 */
final class WordNetSynonyms {

    private static final String FOLDER = "net/sf/extjwnl/data/wordnet/wn31/";
    /** WordNet's detachment rules (morphy): suffix, then what replaces it; nouns, verbs, adjectives. */
    private static final String[][] RULES = {
        {"s", ""}, {"ses", "s"}, {"xes", "x"}, {"zes", "z"}, {"ches", "ch"}, {"shes", "sh"}, {"men", "man"},
        {"ies", "y"}, {"s", ""}, {"ies", "y"}, {"es", "e"}, {"es", ""}, {"ed", "e"}, {"ed", ""}, {"ing", "e"},
        {"ing", ""}, {"er", ""}, {"est", ""}, {"er", "e"}, {"est", "e"}};

    private static volatile WordNetSynonyms loaded;

    private final Map<String, Set<Integer>> synsets = new HashMap<>();
    private final Map<String, Set<String>> bases = new HashMap<>();

    /** The dictionary, read once per class loader. */
    static WordNetSynonyms get() {
        WordNetSynonyms w = loaded;
        if (w == null) {
            synchronized (WordNetSynonyms.class) {
                if (loaded == null) {
                    loaded = new WordNetSynonyms();
                }
                w = loaded;
            }
        }
        return w;
    }

    private WordNetSynonyms() {
        for (String line : lines("index.sense")) {
            // sense key (lemma%...), synset offset, sense number, tag count
            int percent = line.indexOf('%');
            int space = line.indexOf(' ');
            int next = line.indexOf(' ', space + 1);
            if (percent > 0 && space > percent) {
                synsets.computeIfAbsent(line.substring(0, percent), k -> new HashSet<>())
                        .add(Integer.parseInt(line.substring(space + 1, next < 0 ? line.length() : next)));
            }
        }
        for (String pos : List.of("adj", "adv", "noun", "verb")) {
            for (String line : lines(pos + ".exc")) {
                String[] words = line.trim().split("\\s+");
                for (int i = 1; i < words.length; i++) {
                    bases.computeIfAbsent(words[0], k -> new HashSet<>()).add(words[i]);
                }
            }
        }
    }

    /** The synsets of the word and of its base form(s); empty for a word WordNet does not know. */
    Set<Integer> of(String word) {
        Set<Integer> all = new HashSet<>(synsets.getOrDefault(word, Set.of()));
        Set<String> exceptional = bases.get(word);
        if (exceptional != null) {
            exceptional.forEach(b -> all.addAll(synsets.getOrDefault(b, Set.of())));
        } else {
            all.addAll(synsets.getOrDefault(base(word), Set.of()));
        }
        return all;
    }

    /**
     * The first rule whose result WordNet knows; a word of two letters or ending in "ss" is its own
     * base, and a word no rule turns into a known one has none ("" ).
     */
    String base(String word) {
        if (word.endsWith("ss") || word.length() <= 2) {
            return word;
        }
        for (String[] rule : RULES) {
            if (word.endsWith(rule[0])) {
                String candidate = word.substring(0, word.length() - rule[0].length()) + rule[1];
                if (synsets.containsKey(candidate)) {
                    return candidate;
                }
            }
        }
        return "";
    }

    private static List<String> lines(String file) {
        String name = FOLDER + file;
        try (InputStream in = WordNetSynonyms.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("WordNet file " + name + " is missing: METEOR's synonym stage needs it");
            }
            return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read WordNet file " + name, e);
        }
    }
}
