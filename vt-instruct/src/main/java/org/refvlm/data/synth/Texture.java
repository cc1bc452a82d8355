package org.refvlm.data.synth;

/** Surface pattern of an object; the adjective is empty for solid objects, which people rarely call "solid". */
public enum Texture {
    SOLID("solid", ""),
    STRIPED("striped", "striped"),
    DOTTED("dotted", "dotted");

    private final String word;
    private final String adjective;

    Texture(String word, String adjective) {
        this.word = word;
        this.adjective = adjective;
    }

    public String word() {
        return word;
    }

    /** The word used in descriptions, possibly empty. */
    public String adjective() {
        return adjective;
    }
}
