package org.refvlm.llm;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.refvlm.nn.Parameters;

/** A causal language model: forward passes, generation, training access and vocabulary growth. */
public interface CausalLanguageModel extends AutoCloseable {

    LlamaConfig config();

    Device device();

    /** Forward pass; results are attached to {@code out}. With a cache, new keys/values are appended. */
    LmOutput forward(LmInput input, KvCache cache, NDManager out);

    /**
     * {@link #forward}'s last-layer states {@code [B, L, D]} (after the final norm) without the
     * head: for training code that scores only some positions ({@link #logits}), or none.
     */
    NDArray lastHiddenState(LmInput input, NDManager out);

    /** The head on last-layer states: {@code [..., D]} to float32 logits {@code [..., V]}. */
    NDArray logits(NDArray states);

    /** New empty cache for this model. */
    KvCache newCache();

    /**
     * Generates from token ids [B, P] (or, with {@code promptEmbeds}, from embeddings [B, P, D];
     * then {@code promptIds} must be null). {@code attentionMask} [B, P] may be null.
     */
    GenerationResult generate(NDArray promptIds, NDArray promptEmbeds, NDArray attentionMask,
                              GenerationConfig config, GenerationListener listener);

    /** Token embeddings [.., D] for ids (how text tokens are mixed with image features). */
    NDArray embed(NDArray ids, NDManager out);

    /** All parameters by Hugging Face name; tied models have no separate lm_head entry. */
    Parameters parameters();

    /** Marks parameters under a name prefix ("" = all) trainable or frozen; returns how many matched. */
    int setTrainable(String prefix, boolean trainable);

    /**
     * Grows (or shrinks) the vocabulary to {@code newVocabSize}: embedding rows (and lm_head rows
     * when untied) are kept, new rows start at the mean of the old rows.
     */
    void resizeTokenEmbeddings(int newVocabSize);

    @Override
    void close();
}
