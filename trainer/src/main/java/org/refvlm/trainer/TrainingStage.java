package org.refvlm.trainer;

/**
 * REF-VLM's training stages and what each one trains (paper section IV-D; reference notes
 * section 5). Encoders are frozen in every stage unless a recipe sets {@code trainEncoders},
 * which a model trained from nothing needs.
 */
public enum TrainingStage {
    /** Aligns vision with language: the projector only, next-token loss only, no decoders. */
    ALIGN(1, true, false, false),
    /** Joint training: language model, projector and decoders; next-token loss plus every decoder's loss. */
    JOINT(2, true, true, true),
    /** Attaches decoders to a trained model: only the recipe's decoders train, on the frozen model's REF states. */
    ATTACH(3, false, false, true),
    /**
     * Stage 3 as the paper runs it: the new decoders train together with the language model and
     * projector (recipe {@code "tuneLanguageModel": true}). The base changes, so every decoder the
     * model already had and this phase does not train is then stale (docs/training.md).
     */
    ATTACH_TUNED(3, true, true, true);

    private final int number;
    private final boolean projector;
    private final boolean llm;
    private final boolean decoders;

    TrainingStage(int number, boolean projector, boolean llm, boolean decoders) {
        this.number = number;
        this.projector = projector;
        this.llm = llm;
        this.decoders = decoders;
    }

    public int number() {
        return number;
    }

    public boolean trainsProjector() {
        return projector;
    }

    public boolean trainsLanguageModel() {
        return llm;
    }

    public boolean trainsDecoders() {
        return decoders;
    }

    /** Whether the next-token loss is part of the objective (it is whenever the language model or projector learns). */
    public boolean hasLanguageLoss() {
        return llm || projector;
    }

    /** Stage 3, whether or not it tunes the language model. */
    public boolean attaches() {
        return number == 3;
    }

    public static TrainingStage of(int number) {
        for (TrainingStage s : values()) {
            if (s.number == number) {
                return s;
            }
        }
        throw new IllegalArgumentException("stage must be 1, 2 or 3, got " + number);
    }
}
