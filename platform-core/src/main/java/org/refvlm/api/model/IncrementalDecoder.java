package org.refvlm.api.model;

import java.util.Arrays;
import java.util.function.Function;

/**
 * The text each new token adds to a sequence. A token's own string is not that text
 * (SentencePiece marks spaces with U+2581; a byte-fallback token may be part of a character), so
 * the sequence is decoded so far and the new suffix taken; an unfinished character (decoded as
 * U+FFFD) is held back until the token that completes it.
 */
public final class IncrementalDecoder {

    private final Function<int[], String> decode;
    private int[] ids = new int[16];
    private int count;
    private String emitted = "";

    /** @param decode token ids to text, without skipping special tokens */
    public IncrementalDecoder(Function<int[], String> decode) {
        this.decode = decode;
    }

    public String next(int token) {
        if (count == ids.length) {
            ids = Arrays.copyOf(ids, count * 2);
        }
        ids[count++] = token;
        String now = decode.apply(Arrays.copyOf(ids, count));
        int end = now.length();
        while (end > 0 && now.charAt(end - 1) == '\uFFFD') {
            end--;
        }
        String stable = now.substring(0, end);
        int common = 0;
        while (common < Math.min(stable.length(), emitted.length()) && stable.charAt(common) == emitted.charAt(common)) {
            common++;
        }
        String piece = stable.substring(common);
        emitted = stable;
        return piece;
    }
}
