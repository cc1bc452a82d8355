package org.refvlm.api.model;

/**
 * A sequence that does not fit the language model's context: refused before any attention is
 * computed, because attention over T positions allocates memory growing with T squared (a
 * 15,000-word prompt asked for tens of gigabytes).
 */
public final class ContextLengthException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;
    private final long positions;
    private final int contextLength;

    /**
     * @param positions     positions the prompt needs (text, image and visual-prompt tokens)
     * @param contextLength positions the model holds, prompt and answer together
     */
    public ContextLengthException(long positions, int contextLength) {
        super("the prompt needs " + positions + " positions (text, image and visual-prompt tokens) but the model's "
                + "context holds " + contextLength + " (max_position_embeddings in its llm/config.json), with at "
                + "least one left for the answer; shorten the prompt");
        this.positions = positions;
        this.contextLength = contextLength;
    }

    /** @throws ContextLengthException when {@code positions} leaves no position for the answer */
    public static void check(long positions, int contextLength) {
        if (positions >= contextLength) {
            throw new ContextLengthException(positions, contextLength);
        }
    }

    public long positions() {
        return positions;
    }

    public int contextLength() {
        return contextLength;
    }
}
