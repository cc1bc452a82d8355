package org.refvlm.trainer.internal;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.refvlm.core.pipeline.LookAgain;
import org.refvlm.data.Box;
import org.refvlm.data.BoxPrompt;
import org.refvlm.data.Placeholders;
import org.refvlm.data.TaskHint;
import org.refvlm.data.TaskType;
import org.refvlm.data.TrpAnswer;
import org.refvlm.data.TrpAnswerBuilder;
import org.refvlm.data.Turn;
import org.refvlm.data.Unit;
import org.refvlm.data.VisualPrompt;
import org.refvlm.data.synth.QuestionAnswer;
import org.refvlm.data.synth.QuestionGenerator;
import org.refvlm.data.synth.Scene;
import org.refvlm.data.synth.SyntheticDataset;
import org.refvlm.data.templates.PromptTemplates;
import org.refvlm.data.templates.TemplateBank;
import org.refvlm.trainer.Recipe;
import org.refvlm.trainer.TrainingExample;

/**
 * The two passes of {@link LookAgain}, made from synthetic scenes in memory (the recipe's synthetic
 * task {@value #TASK}). Each example is one of:
 * <ul>
 *   <li>the first pass of a colour question, under {@link LookAgain#LOOK_COMMAND}: "Look at
 *       &lt;Phrase&gt;the square&lt;/Phrase&gt;(box)." with the object's box as target;</li>
 *   <li>its second pass, under the plain VQA command: the question with its subject replaced by
 *       {@code <region>}, a box prompt on the object (its true box, each edge moved by up to a tenth of
 *       the box's side, as a decoded box would be), and "The answer is blue.";</li>
 *   <li>the first pass of any other question, answered at once ("The answer is 3."), so that the
 *       model looks only where looking helps.</li>
 * </ul>
 * Three scenes in four are asked a colour question, the others any question (a fifth of which are
 * colour questions too). A colour question is taught as the second pass twice as often as the
 * first: the look is learnt within a few hundred steps, reading a region's colour takes far longer
 * (issue 19, session 27). Only colour questions are looked at: a region's pooled tokens carry its colour but
 * not where it is (session 26 of issue 19), so position questions are answered at once.
 */
final class LookAgainExamples implements ExampleSource {

    /** The synthetic task id a recipe names this source by; it must be its part's only task. */
    static final String TASK = "vqa-look";

    /** The first pass's command: a sentence, a phrase and box units allowed. */
    static final TaskHint LOOK_HINT = new TaskHint(LookAgain.LOOK_COMMAND.name(),
            List.of("sentence", "phrase", "unit"), List.of(Unit.BOX));
    private static final String LOOKED_AT = "colour";
    private static final int COLOUR_TRIES = 20;

    private final SyntheticDataset scenes;
    private final Recipe.Synthetic settings;
    private final TemplateBank questions = PromptTemplates.forTask(TaskType.VQA);

    LookAgainExamples(Recipe.Synthetic s) {
        this.scenes = QuestionScenes.of(s, TASK);
        this.settings = s;
    }

    @Override
    public TrainingExample example(long index) {
        SyntheticDataset.Generated g = scenes.generate(index);
        Scene scene = g.scene();
        SplittableRandom rnd = new SplittableRandom(settings.seed() * 0x9E3779B97F4A7C15L + index);
        QuestionAnswer qa = question(scene, rnd);
        Turn turn;
        List<VisualPrompt> prompts = List.of();
        String said = "The answer is " + qa.answer() + ".";
        if (qa.kind().equals(LOOKED_AT) && qa.about().isPresent()) {
            QuestionAnswer.Subject s = qa.about().get();
            if (rnd.nextInt(3) == 0) {
                TrpAnswer look = answer().text("Look at ").phrase(s.phrase(), Unit.BOX, List.of(s.object())).text(".").build();
                turn = new Turn(LOOK_HINT, ask(qa.question(), rnd), List.of(), look.text(), look.groups());
            } else {
                String again = qa.question().replace(s.phrase(), Placeholders.REGION);
                prompts = List.of(new BoxPrompt(shaken(scene.boxes().get(s.object()), scene, rnd)));
                TrpAnswer answer = answer().text(said).build();
                turn = new Turn(TaskType.VQA.hint(), ask(again, rnd), List.of(0), answer.text(), answer.groups());
            }
        } else {
            TrpAnswer answer = answer().text(said).build();
            turn = new Turn(LOOK_HINT, ask(qa.question(), rnd), List.of(), answer.text(), answer.groups());
        }
        return QuestionScenes.example(g, "-look", prompts, turn, "look-again", index);
    }

    /** A colour question for three scenes in four (any question when a scene has none to ask), any question otherwise. */
    private static QuestionAnswer question(Scene scene, SplittableRandom rnd) {
        QuestionAnswer qa = QuestionGenerator.ask(scene, rnd);
        if (rnd.nextInt(4) != 0) {
            for (int i = 0; i < COLOUR_TRIES && !qa.kind().equals(LOOKED_AT); i++) {
                qa = QuestionGenerator.ask(scene, rnd);
            }
        }
        return qa;
    }

    private String ask(String question, SplittableRandom rnd) {
        return questions.pickAndFill(rnd, Map.of(Placeholders.QUESTION, question));
    }

    private TrpAnswerBuilder answer() {
        return new TrpAnswerBuilder().withTaskBlock(settings.taskBlock());
    }

    /** The box with each edge moved by up to a tenth of its side, kept inside the picture and non-empty. */
    static Box shaken(Box b, Scene scene, SplittableRandom rnd) {
        double w = b.width(), h = b.height();
        double x0 = b.x0() + w * (rnd.nextDouble() - 0.5) * 0.2, x1 = b.x1() + w * (rnd.nextDouble() - 0.5) * 0.2;
        double y0 = b.y0() + h * (rnd.nextDouble() - 0.5) * 0.2, y1 = b.y1() + h * (rnd.nextDouble() - 0.5) * 0.2;
        x0 = Math.max(0, x0);
        y0 = Math.max(0, y0);
        x1 = Math.min(scene.width(), Math.max(x1, x0 + 1));
        y1 = Math.min(scene.height(), Math.max(y1, y0 + 1));
        return new Box(Math.min(x0, x1 - 1), Math.min(y0, y1 - 1), x1, y1);
    }

    /** The scene of example {@code index}, for checks. */
    Scene scene(long index) {
        return scenes.generate(index).scene();
    }

    @Override
    public String describe() {
        return "look-again " + settings;
    }
}
