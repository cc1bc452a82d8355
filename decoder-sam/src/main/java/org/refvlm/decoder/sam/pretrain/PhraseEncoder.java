package org.refvlm.decoder.sam.pretrain;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.refvlm.data.synth.ReferringExpressions;
import org.refvlm.nn.Constants;
import org.refvlm.nn.Embedding;
import org.refvlm.nn.MatMul;
import org.refvlm.nn.Parameters;

/**
 * A phrase of the synthetic world as one SAM prompt token: the mean of its words' learnt
 * embeddings, each as wide as SAM's prompts. It stands in, during pretraining only, for what a
 * REF embedding gives SAM later (SAM's own text-to-mask experiment prompted with CLIP's text
 * embedding the same way): a prompt that names the object instead of pointing at it, so SAM's
 * image encoder must learn what tells a striped star from a dotted one. It is not part of SAM's
 * weights and is not written with them. Parameters under {@value #PREFIX}.
 */
final class PhraseEncoder {

    static final String PREFIX = "phrase_encoder";

    private final List<String> words;
    private final Embedding table;

    PhraseEncoder(Parameters params, int width) {
        this.words = new ArrayList<>(ReferringExpressions.words());
        this.table = new Embedding(params, PREFIX + ".words", words.size(), width);
    }

    /** The words' vocabulary size. */
    int vocabularySize() {
        return words.size();
    }

    /**
     * The row of each word of {@code phrase} ("the" left out: every phrase has it); a word the
     * world does not use is an error naming it.
     */
    int[] wordIndices(String phrase) {
        List<Integer> out = new ArrayList<>();
        for (String word : phrase.toLowerCase(Locale.ROOT).trim().split("\\s+")) {
            if (word.equals("the")) {
                continue;
            }
            int i = words.indexOf(word);
            if (i < 0) {
                throw new IllegalArgumentException("'" + word + "' of the phrase '" + phrase
                        + "' is not a word of the synthetic world");
            }
            out.add(i);
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * @param weights [K, V] each phrase's word counts divided by its length (a row of zeros for a
     *                phrase-less slot)
     * @return [K, C] one prompt token per phrase
     */
    NDArray forward(float[] weights, int phrases, NDManager m) {
        NDArray mean = Constants.of(m, weights, new Shape(phrases, words.size()));       // [K, V]
        return MatMul.of(mean, table.table());                                           // [K, C]
    }
}
