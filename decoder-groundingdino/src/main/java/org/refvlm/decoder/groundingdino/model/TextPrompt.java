package org.refvlm.decoder.groundingdino.model;

import java.util.Set;

/**
 * Grounding DINO's reading of a tokenised caption: the special tokens ([CLS], [SEP], "." and
 * "?" in BERT's uncased vocabulary) cut it into phrases; a token attends only within its phrase
 * and its position id counts from 0 at the phrase's start (the cutting token closes its phrase).
 * A special token at the first or last position is a phrase of its own.
 */
public final class TextPrompt {

    /** [CLS], [SEP], "." and "?" in bert-base-uncased. */
    public static final Set<Long> SPECIAL = Set.of(101L, 102L, 1012L, 1029L);

    private TextPrompt() {
    }

    /**
     * @param ids one row of token ids
     * @return selfMask [T*T] (row-major, 1 where attention is allowed) and position ids [T], as float arrays
     */
    public static float[][] phraseMasks(long[] ids) {
        int t = ids.length;
        float[] mask = new float[t * t];
        float[] pos = new float[t];
        for (int i = 0; i < t; i++) {
            mask[i * t + i] = 1f;
        }
        int previous = 0;
        for (int col = 0; col < t; col++) {
            if (!SPECIAL.contains(ids[col])) {
                continue;
            }
            if (col == 0 || col == t - 1) {
                pos[col] = 0;
            } else {
                for (int i = previous + 1; i <= col; i++) {
                    for (int j = previous + 1; j <= col; j++) {
                        mask[i * t + j] = 1f;
                    }
                    pos[i] = i - previous - 1;
                }
            }
            previous = col;
        }
        return new float[][] {mask, pos};
    }
}
