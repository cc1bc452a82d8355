package org.refvlm.data;

import java.util.Locale;

/** The kind of an input-side visual prompt. */
public enum PromptKind {
    POINT("point"),
    BOX("box"),
    SCRIBBLE("scribble"),
    MASK("mask");

    private final String word;

    PromptKind(String word) {
        this.word = word;
    }

    public String word() {
        return word;
    }

    public static PromptKind fromWord(String word) {
        String w = word.trim().toLowerCase(Locale.ROOT);
        for (PromptKind k : values()) {
            if (k.word.equals(w)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown visual prompt type '" + word + "'");
    }
}
