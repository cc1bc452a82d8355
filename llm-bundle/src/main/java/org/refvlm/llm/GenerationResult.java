package org.refvlm.llm;

/**
 * @param sequences   [B][promptLength + generated] when the prompt was token ids (as Hugging Face
 *                    returns it); [B][generated] when the prompt was embeddings
 * @param promptLength number of prompt positions included in {@code sequences}
 * @param steps       number of forward passes run
 */
public record GenerationResult(long[][] sequences, int promptLength, int steps) {

    /** Generated tokens of row {@code b}, prompt excluded. */
    public long[] generated(int b) {
        return java.util.Arrays.copyOfRange(sequences[b], promptLength, sequences[b].length);
    }
}
