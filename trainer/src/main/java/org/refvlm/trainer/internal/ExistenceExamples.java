package org.refvlm.trainer.internal;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.refvlm.data.Placeholders;
import org.refvlm.data.TaskType;
import org.refvlm.data.TrpAnswer;
import org.refvlm.data.TrpAnswerBuilder;
import org.refvlm.data.Turn;
import org.refvlm.data.synth.QuestionAnswer;
import org.refvlm.data.synth.QuestionGenerator;
import org.refvlm.data.synth.Scene;
import org.refvlm.data.synth.ShapeKind;
import org.refvlm.data.synth.SyntheticDataset;
import org.refvlm.data.templates.PromptTemplates;
import org.refvlm.data.templates.TemplateBank;
import org.refvlm.trainer.Recipe;
import org.refvlm.trainer.TrainingExample;

/**
 * Existence questions alone, made from synthetic scenes in memory (the recipe's synthetic task
 * {@value #TASK}): "Is there a red star in the image?", half of them about an object that is there,
 * the others about a shape that is not, or a shape that is there in a colour it is not (the synthetic
 * VQA's own existence questions, POPE's random and adversarial settings). The task
 * {@value #SHAPES_TASK} asks only about shapes ("Is there a star in the image?", the shape drawn
 * uniformly): the simplest lookup, whether that shape's word is among what the image tokens name.
 * Both are asked as a model that looks again asks every question first
 * ({@link LookAgainExamples#LOOK_HINT}) and answered at once, "The answer is yes.".
 *
 * <p>An experiment (issue 19, session 29): the shipped model answers "no" to almost every existence
 * question. At 30 % of a phase of 1500 steps, neither task taught it to read existence: afterwards it
 * said "yes" about as often when the object was absent as when it was there
 * (models/shapes-tiny/README.md, session 29).
 */
final class ExistenceExamples implements ExampleSource {

    /** The synthetic task id a recipe names this source by; it must be its part's only task. */
    static final String TASK = "vqa-exist";
    /** The same with shapes only, no colours. */
    static final String SHAPES_TASK = "vqa-exist-shape";

    private static final String KIND = "existence";
    /** Existence is one kind of five the generator draws from, so 60 draws miss it about once in 10^6. */
    private static final int TRIES = 60;

    private final SyntheticDataset scenes;
    private final Recipe.Synthetic settings;
    private final boolean shapesOnly;
    private final TemplateBank questions = PromptTemplates.forTask(TaskType.VQA);

    ExistenceExamples(Recipe.Synthetic s) {
        this.shapesOnly = s.tasks().equals(List.of(SHAPES_TASK));
        this.scenes = QuestionScenes.of(s, shapesOnly ? SHAPES_TASK : TASK);
        this.settings = s;
    }

    @Override
    public TrainingExample example(long index) {
        SyntheticDataset.Generated g = scenes.generate(index);
        Scene scene = g.scene();
        SplittableRandom rnd = new SplittableRandom(settings.seed() * 0x94D049BB133111EBL + index);
        QuestionAnswer qa = shapesOnly ? shapeQuestion(scene, rnd) : QuestionGenerator.ask(scene, rnd);
        for (int i = 0; i < TRIES && !qa.kind().equals(KIND); i++) {
            qa = QuestionGenerator.ask(scene, rnd);
        }
        if (!qa.kind().equals(KIND)) {
            throw new IllegalStateException("no existence question for scene " + index + " in " + TRIES + " draws");
        }
        TrpAnswer answer = new TrpAnswerBuilder().withTaskBlock(settings.taskBlock())
                .text("The answer is " + qa.answer() + ".").build();
        String prompt = questions.pickAndFill(rnd, Map.of(Placeholders.QUESTION, qa.question()));
        Turn turn = new Turn(LookAgainExamples.LOOK_HINT, prompt, List.of(), answer.text(), answer.groups());
        return QuestionScenes.example(g, "-exist", List.of(), turn, "existence", index);
    }

    /** "Is there a star in the image?" about a shape drawn uniformly: yes when any object is one. */
    private static QuestionAnswer shapeQuestion(Scene scene, SplittableRandom rnd) {
        ShapeKind k = ShapeKind.values()[rnd.nextInt(ShapeKind.values().length)];
        boolean there = scene.objects().stream().anyMatch(o -> o.kind() == k);
        String noun = k.noun();
        String article = "aeiou".indexOf(noun.charAt(0)) >= 0 ? "an " : "a ";
        return new QuestionAnswer(KIND, "Is there " + article + noun + " in the image?", there ? "yes" : "no", true);
    }

    /** The scene of example {@code index}, for checks. */
    Scene scene(long index) {
        return scenes.generate(index).scene();
    }

    @Override
    public String describe() {
        return "existence " + settings;
    }
}
