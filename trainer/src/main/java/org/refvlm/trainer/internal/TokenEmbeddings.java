package org.refvlm.trainer.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import org.refvlm.api.model.Generation;
import org.refvlm.api.model.GenerationOptions;
import org.refvlm.api.model.LanguageModel;
import org.refvlm.api.model.TokenListener;

/**
 * The text side of the model being trained, as the platform's prompt assembler consumes it:
 * tokenising without special tokens and embedding in the autograd graph, the same two operations
 * the served language model performs for a request. Nothing else is needed while training.
 */
final class TokenEmbeddings implements LanguageModel {

    private final ModelParts parts;

    TokenEmbeddings(ModelParts parts) {
        this.parts = parts;
    }

    @Override
    public String name() {
        return "training";
    }

    @Override
    public int hiddenSize() {
        return parts.lm.config().hiddenSize();
    }

    @Override
    public int contextLength() {
        return parts.lm.config().maxPositionEmbeddings();
    }

    @Override
    public java.util.OptionalInt bosId() {
        long id = parts.tokenizer.bosId();
        return id < 0 ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(Math.toIntExact(id));
    }

    @Override
    public int[] encode(String text) {
        long[] ids = parts.tokenizer.encode(text, false);
        int[] out = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            out[i] = Math.toIntExact(ids[i]);
        }
        return out;
    }

    @Override
    public String decode(int[] tokenIds) {
        long[] ids = new long[tokenIds.length];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = tokenIds[i];
        }
        return parts.tokenizer.decode(ids, false);
    }

    @Override
    public NDArray embed(NDArray tokenIds) {
        NDArray ids = tokenIds.getShape().dimension() == 1 ? tokenIds.expandDims(0) : tokenIds;   // [1, T]
        return parts.lm.embed(ids.toType(DataType.INT64, false), tokenIds.getManager()).squeeze(0);  // [T, D]
    }

    @Override
    public NDArray hiddenStates(NDArray inputEmbeddings) {
        throw new UnsupportedOperationException("not used in training");
    }

    @Override
    public Generation generate(NDArray inputEmbeddings, GenerationOptions options, TokenListener listener) {
        throw new UnsupportedOperationException("not used in training");
    }
}
