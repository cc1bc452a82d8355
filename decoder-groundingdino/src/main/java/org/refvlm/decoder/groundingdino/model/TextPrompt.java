package org.refvlm.decoder.groundingdino.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Grounding DINO's reading of a tokenised caption: the cutting tokens ([CLS], [SEP], "." and "?")
 * cut it into phrases; a token attends only within its phrase and its position id counts from 0
 * at the phrase's start (the cutting token closes its phrase). A cutting token at the first or
 * last position is a phrase of its own.
 */
public final class TextPrompt {

    /** The cutting tokens' ids in bert-base-uncased ([CLS], [SEP], "." and "?"), what Hugging Face checkpoints use. */
    public static final Set<Long> BERT_UNCASED_CUTS = Set.of(101L, 102L, 1012L, 1029L);

    /** The tokens that cut a caption into phrases, as Grounding DINO names them. */
    private static final List<String> CUTTING = List.of("[CLS]", "[SEP]", ".", "?");

    private TextPrompt() {
    }

    /**
     * The cutting tokens' ids in a tokenizer: looked up by name in its {@code tokenizer.json}
     * (the model's vocabulary and its added tokens), so a checkpoint with its own vocabulary cuts
     * its captions where the original would. Names the vocabulary lacks cut nothing.
     *
     * @throws IOException naming the file when it is unreadable or has no vocabulary
     */
    public static Set<Long> cuts(Path tokenizerJson) throws IOException {
        JsonNode json = new ObjectMapper().readTree(tokenizerJson.toFile());
        JsonNode vocab = json.path("model").path("vocab");
        if (!vocab.isObject()) {
            throw new IOException(tokenizerJson + " has no model.vocab object (a WordPiece or WordLevel tokenizer)");
        }
        Set<Long> out = new LinkedHashSet<>();
        for (String name : CUTTING) {
            if (vocab.has(name)) {
                out.add(vocab.get(name).asLong());
            }
            for (JsonNode added : json.path("added_tokens")) {
                if (name.equals(added.path("content").asText())) {
                    out.add(added.path("id").asLong());
                }
            }
        }
        return Set.copyOf(out);
    }

    /**
     * @param ids  one row of token ids
     * @param cuts the ids that cut phrases
     * @return selfMask [T*T] (row-major, 1 where attention is allowed) and position ids [T], as float arrays
     */
    public static float[][] phraseMasks(long[] ids, Set<Long> cuts) {
        int t = ids.length;
        float[] mask = new float[t * t];
        float[] pos = new float[t];
        for (int i = 0; i < t; i++) {
            mask[i * t + i] = 1f;
        }
        int previous = 0;
        for (int col = 0; col < t; col++) {
            if (!cuts.contains(ids[col])) {
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
