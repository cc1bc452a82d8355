package org.refvlm.trp.internal;

/**
 * The markup of TRP. Each is a special token of the model's vocabulary, so it is matched exactly
 * (case included); anything else that looks like a tag, such as {@code <image>}, is text.
 */
public enum Tag {
    PHRASE_OPEN("<Phrase>"),
    PHRASE_CLOSE("</Phrase>"),
    UNIT_OPEN("<Unit>"),
    UNIT_CLOSE("</Unit>"),
    TASK_OPEN("<Task>"),
    TASK_CLOSE("</Task>"),
    REF("<REF>");

    private static final Tag[] ALL = values();

    /** Bit mask with one bit per tag, all set: the candidates before the first character. */
    static final int ANY = (1 << ALL.length) - 1;

    private final String text;

    Tag(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }

    public int length() {
        return text.length();
    }

    /**
     * Narrows a set of candidate tags (bit mask over {@link #ordinal()}) to those whose character
     * at {@code position} is {@code c}. An empty result means the characters read so far are text.
     */
    static int narrow(int candidates, int position, char c) {
        int result = 0;
        for (int remaining = candidates; remaining != 0; remaining &= remaining - 1) {
            int ordinal = Integer.numberOfTrailingZeros(remaining);
            String t = ALL[ordinal].text;
            if (position < t.length() && t.charAt(position) == c) {
                result |= 1 << ordinal;
            }
        }
        return result;
    }

    /** {@link #at} found that no tag starts at the position. */
    static final int NO_TAG = -1;
    /** {@link #at} needs more characters than the piece has to decide. */
    static final int UNDECIDED = -2;

    private static final Tag[] AFTER_LESS_THAN = new Tag[128];
    private static final Tag[] AFTER_SLASH = new Tag[128];

    static {
        for (Tag tag : ALL) {
            char second = tag.text.charAt(1);
            if (second == '/') {
                AFTER_SLASH[tag.text.charAt(2)] = tag;
            } else {
                AFTER_LESS_THAN[second] = tag;
            }
        }
    }

    /**
     * Fast path over a piece of text: which tag starts at {@code s[i]} (a {@code '<'}), as an
     * ordinal, or {@link #NO_TAG}, or {@link #UNDECIDED} when the piece ends too early to tell.
     * The second character (and the third after {@code "</"}) identifies the only candidate.
     */
    static int at(CharSequence s, int i, int n) {
        if (n - i < 2) {
            return UNDECIDED;
        }
        char second = s.charAt(i + 1);
        Tag candidate;
        if (second == '/') {
            if (n - i < 3) {
                return UNDECIDED;
            }
            char third = s.charAt(i + 2);
            candidate = third < 128 ? AFTER_SLASH[third] : null;
        } else {
            candidate = second < 128 ? AFTER_LESS_THAN[second] : null;
        }
        if (candidate == null) {
            return NO_TAG;
        }
        String t = candidate.text;
        int available = Math.min(t.length(), n - i);
        for (int k = 2; k < available; k++) {
            if (s.charAt(i + k) != t.charAt(k)) {
                return NO_TAG;
            }
        }
        return available == t.length() ? candidate.ordinal() : UNDECIDED;
    }

    static Tag ofOrdinal(int ordinal) {
        return ALL[ordinal];
    }

    /** The tag among {@code candidates} that is exactly {@code length} characters long, or null. */
    static Tag completed(int candidates, int length) {
        for (int remaining = candidates; remaining != 0; remaining &= remaining - 1) {
            Tag tag = ALL[Integer.numberOfTrailingZeros(remaining)];
            if (tag.text.length() == length) {
                return tag;
            }
        }
        return null;
    }
}
