package org.refvlm.data.synth;

import java.util.List;

/** Turns object attributes into English noun phrases. */
final class ObjectWords {
    private ObjectWords() {
    }

    /** Adjectives in the usual English order (size, colour, pattern) before the noun. */
    static String phrase(SceneObject o, boolean size, boolean colour, boolean texture) {
        StringBuilder sb = new StringBuilder();
        if (size) {
            sb.append(o.size().word()).append(' ');
        }
        if (colour) {
            sb.append(o.colour().word()).append(' ');
        }
        if (texture && !o.texture().adjective().isEmpty()) {
            sb.append(o.texture().adjective()).append(' ');
        }
        return sb.append(o.kind().noun()).toString();
    }

    static String withArticle(String phrase) {
        char c = Character.toLowerCase(phrase.charAt(0));
        return ("aeiou".indexOf(c) >= 0 ? "an " : "a ") + phrase;
    }

    static String number(int n) {
        String[] words = {"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"};
        return n < words.length ? words[n] : Integer.toString(n);
    }

    /** "a, b and c". */
    static String join(List<String> items) {
        if (items.size() == 1) {
            return items.get(0);
        }
        return String.join(", ", items.subList(0, items.size() - 1)) + " and " + items.get(items.size() - 1);
    }

    static String capitalise(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
