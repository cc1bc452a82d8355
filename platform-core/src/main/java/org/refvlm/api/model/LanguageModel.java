package org.refvlm.api.model;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A causal language model whose input can be token embeddings (so image and visual-prompt
 * tokens can be spliced in) and whose generation reports every hidden state it produces.
 * Registered with the service property {@link #NAME}.
 */
@ProviderType
public interface LanguageModel {

    /** Service property: the model's name, e.g. {@code shapes-tiny} or {@code vicuna-7b}. */
    String NAME = "refvlm.model";

    String name();

    /** Width of the hidden states and input embeddings, {@code D}. */
    int hiddenSize();

    /**
     * How many positions one sequence may hold, prompt and answer together (a LLaMA checkpoint's
     * {@code max_position_embeddings}): a longer prompt is refused, generation stops there.
     */
    int contextLength();

    /** The tokenizer's begin-of-sequence token ({@code <s>}), when it has one. */
    java.util.OptionalInt bosId();

    int[] encode(String text);

    String decode(int[] tokenIds);

    /** Input embeddings of token ids: {@code [T] -> [T, D]}. */
    NDArray embed(NDArray tokenIds);

    /**
     * Last-layer hidden states of a whole sequence, {@code [T, D] -> [T, D]}: how the states of a
     * given answer are read (teacher forcing) instead of generating one.
     */
    NDArray hiddenStates(NDArray inputEmbeddings);

    /** Generates from input embeddings {@code [T, D]}, calling {@code listener} per new token. */
    Generation generate(NDArray inputEmbeddings, GenerationOptions options, TokenListener listener);

    /**
     * Generates for several prompts with the same options, row {@code i} telling
     * {@code listeners.get(i)}: one after the other unless the model batches them. A model that
     * batches (left-padding the shorter prompts) gives each row's hidden states to within the last
     * bits of float32 of one-by-one generation: padding changes the order of some sums. Greedy
     * tokens are the same unless two candidates were that close.
     *
     * @param inputEmbeddings per row, {@code [T_i, D]}
     * @return per row, its generation
     */
    default List<Generation> generateAll(List<NDArray> inputEmbeddings, GenerationOptions options,
            List<TokenListener> listeners) {
        if (inputEmbeddings.size() != listeners.size()) {
            throw new IllegalArgumentException(inputEmbeddings.size() + " prompts but " + listeners.size() + " listeners");
        }
        List<Generation> out = new ArrayList<>();
        for (int i = 0; i < inputEmbeddings.size(); i++) {
            out.add(generate(inputEmbeddings.get(i), options, listeners.get(i)));
        }
        return out;
    }
}
