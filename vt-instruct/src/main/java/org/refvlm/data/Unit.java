package org.refvlm.data;

import java.util.Locale;

/**
 * A decoding type named inside {@code <Unit>...</Unit>}: which decoder turns a {@code <REF>} into a visual unit.
 */
public enum Unit {
    BOX("box"),
    MASK("mask"),
    KEYPOINT("keypoint"),
    DEPTH("depth");

    private final String word;

    Unit(String word) {
        this.word = word;
    }

    /** The word written between the unit tags and in JSON. */
    public String word() {
        return word;
    }

    /** Parses a unit word; throws {@link IllegalArgumentException} for words TRP does not know. */
    public static Unit fromWord(String word) {
        String w = word.trim().toLowerCase(Locale.ROOT);
        for (Unit u : values()) {
            if (u.word.equals(w)) {
                return u;
            }
        }
        throw new IllegalArgumentException("unknown unit '" + word + "'");
    }
}
