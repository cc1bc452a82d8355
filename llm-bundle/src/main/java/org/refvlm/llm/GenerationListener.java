package org.refvlm.llm;

/** Called once per decoding step, on the generating thread. */
@FunctionalInterface
public interface GenerationListener {
    void onStep(GenerationStep step);

    GenerationListener NONE = s -> { };
}
