package org.refvlm.trainer.internal;

import java.util.List;
import java.util.SplittableRandom;
import org.refvlm.data.BoxPrompt;
import org.refvlm.data.MaskPrompt;
import org.refvlm.data.Placeholders;
import org.refvlm.data.TaskType;
import org.refvlm.data.TrpAnswer;
import org.refvlm.data.TrpAnswerBuilder;
import org.refvlm.data.Turn;
import org.refvlm.data.VisualPrompt;
import org.refvlm.data.synth.Scene;
import org.refvlm.data.synth.SyntheticDataset;
import org.refvlm.trainer.Recipe;
import org.refvlm.trainer.TrainingExample;

/**
 * Reading a given region's colour, made from synthetic scenes in memory (the recipe's synthetic task
 * {@value #TASK}): one object of the scene, drawn from the example's index, is marked by its exact box
 * or its mask (even odds), and the plain VQA command asks "What colour is &lt;region&gt;? Give a short
 * answer.", answered "The answer is blue.".
 *
 * <p>This is the second pass of {@link org.refvlm.core.pipeline.LookAgain} in its simplest form: one
 * wording, a true region. Taught alone first, it takes the reading to about 0.73 in 1800 steps (issue 19,
 * session 26), where {@link LookAgainExamples}' second pass (varied wording, shaken boxes, mixed with the
 * look) from the same start reached 0.26 in 2000 (session 27), so the recipe teaches this before the look.
 */
final class RegionColourExamples implements ExampleSource {

    /** The synthetic task id a recipe names this source by; it must be its part's only task. */
    static final String TASK = "vqa-region";

    /** The question, in the words the second pass of a synthetic VQA question takes. */
    static final String QUESTION = "What colour is " + Placeholders.REGION + "? Give a short answer.";

    private final SyntheticDataset scenes;
    private final Recipe.Synthetic settings;

    RegionColourExamples(Recipe.Synthetic s) {
        this.scenes = QuestionScenes.of(s, TASK);
        this.settings = s;
    }

    @Override
    public TrainingExample example(long index) {
        SyntheticDataset.Generated g = scenes.generate(index);
        Scene scene = g.scene();
        SplittableRandom rnd = new SplittableRandom(settings.seed() * 0xBF58476D1CE4E5B9L + index);
        int object = rnd.nextInt(scene.objects().size());
        VisualPrompt prompt = rnd.nextBoolean() ? new BoxPrompt(scene.boxes().get(object))
                : new MaskPrompt(scene.rleMasks().get(object));
        TrpAnswer answer = new TrpAnswerBuilder().withTaskBlock(settings.taskBlock())
                .text("The answer is " + scene.objects().get(object).colour().word() + ".").build();
        Turn turn = new Turn(TaskType.VQA.hint(), Placeholders.IMAGE + QUESTION, List.of(0), answer.text(), answer.groups());
        return QuestionScenes.example(g, "-region", List.of(prompt), turn, "region-colour", index);
    }

    /** The scene of example {@code index}, for checks. */
    Scene scene(long index) {
        return scenes.generate(index).scene();
    }

    @Override
    public String describe() {
        return "region colour " + settings;
    }
}
