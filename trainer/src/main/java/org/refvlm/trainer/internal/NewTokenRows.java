package org.refvlm.trainer.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import java.util.LinkedHashMap;
import java.util.Map;
import org.refvlm.llm.CausalLanguageModel;
import org.refvlm.llm.TextTokenizer;
import org.refvlm.nn.Parameters;

/**
 * Where the rows of tokens that {@code addWords} gave a trained language model start. The word-merge
 * tokenizer keeps a word's leading space in its tokens, so a word written straight after a tag
 * ({@code <Phrase>circle}) is a token of its own, apart from the {@code " circle"} the prompts use.
 * A new token starting at the mean row would have to learn from nothing that it is that word, and a
 * tuned stage 3 of 1000 steps did not teach it (the class a keypoint prompt names was copied in 153
 * answers of 500). A new token whose spaced form the model knows therefore starts as a copy of that
 * token's embedding and output rows: the model's copying of {@code " circle"} carries over, and
 * training only has to tell the two spellings apart by their context. Other new tokens keep the
 * mean row {@link CausalLanguageModel#resizeTokenEmbeddings} gives them.
 */
final class NewTokenRows {

    private static final String EMBEDDINGS = "model.embed_tokens.weight";
    private static final String HEAD = "lm_head.weight";

    private NewTokenRows() {
    }

    /**
     * The known row each new token starts from: new id to old id, for ids from {@code oldVocab} on
     * whose token with a space in front is a token below {@code oldVocab}.
     */
    static Map<Long, Long> sources(TextTokenizer tokenizer, int oldVocab) {
        Map<Long, Long> out = new LinkedHashMap<>();
        for (long id = oldVocab; id < tokenizer.vocabSize(); id++) {
            String token = tokenizer.token(id);
            if (token == null || token.isEmpty() || token.startsWith(" ")) {
                continue;
            }
            long spaced = tokenizer.tokenId(" " + token);
            if (spaced >= 0 && spaced < oldVocab) {
                out.put(id, spaced);
            }
        }
        return out;
    }

    /**
     * Copies each source row onto its new row, in the embeddings and (when untied) the output head;
     * the language model must already have {@code tokenizer.vocabSize()} rows.
     *
     * @return how many new tokens started from a known one
     */
    static int startFromSpacedWords(CausalLanguageModel lm, TextTokenizer tokenizer, int oldVocab) {
        Map<Long, Long> sources = sources(tokenizer, oldVocab);
        Parameters p = lm.parameters();
        for (String name : new String[] {EMBEDDINGS, HEAD}) {
            NDArray w = p.find(name);                                                   // [V, D]
            if (w == null) {
                continue;                                                               // tied: no head of its own
            }
            for (Map.Entry<Long, Long> e : sources.entrySet()) {
                try (NDArray row = w.get(new NDIndex("{}", e.getValue())).duplicate()) { // [D]
                    w.set(new NDIndex("{}", e.getKey()), row);
                }
            }
        }
        return sources.size();
    }
}
