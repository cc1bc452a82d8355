package org.refvlm.data.synth;

import org.refvlm.data.MaskPrompts;
import org.refvlm.data.PromptKind;
import org.refvlm.data.VisualPrompt;

import java.util.random.RandomGenerator;

/** Visual prompts for a scene object, made from its visible mask so they never land on what hides it. */
final class PromptMaker {
    private PromptMaker() {
    }

    static VisualPrompt make(PromptKind kind, Scene scene, int object, RandomGenerator rnd) {
        double step = Math.max(2.0, scene.objects().get(object).radius() * 0.3);
        return MaskPrompts.make(kind, scene.visibleMasks().get(object), scene.rleMasks().get(object),
                scene.boxes().get(object), step, rnd);
    }
}
