package org.refvlm.trainer.internal;

import java.util.List;
import java.util.Map;
import org.refvlm.data.Sample;
import org.refvlm.data.TaskType;
import org.refvlm.data.Turn;
import org.refvlm.data.VisualPrompt;
import org.refvlm.data.synth.SceneConfig;
import org.refvlm.data.synth.Split;
import org.refvlm.data.synth.SynthOptions;
import org.refvlm.data.synth.SyntheticDataset;
import org.refvlm.trainer.PictureWords;
import org.refvlm.trainer.Recipe;
import org.refvlm.trainer.TrainingExample;

/**
 * What the trainer-only synthetic tasks that write their own question turns ({@code vqa-look},
 * {@code vqa-region}, {@code vqa-exist}, {@code vqa-exist-shape}) share: the VQA scenes of their
 * recipe part, which must name that task alone and not describe scenes in words, and a scene's one
 * written turn made into a training example with the scene's picture words.
 */
final class QuestionScenes {

    private QuestionScenes() {
    }

    /** The synthetic world's VQA scenes for a part whose only task is {@code task}. */
    static SyntheticDataset of(Recipe.Synthetic s, String task) {
        if (!s.tasks().equals(List.of(task))) {
            throw new IllegalArgumentException("synthetic task '" + task + "' must be its part's only task, got " + s.tasks());
        }
        if (s.describeScene() != 0) {
            throw new IllegalArgumentException("synthetic task '" + task + "' does not describe scenes in words");
        }
        int size = s.size() == 0 ? SceneConfig.DEFAULT.size() : s.size();
        return new SyntheticDataset(new SynthOptions(Long.MAX_VALUE, Split.fromWord(s.split()), s.seed(),
                List.of(TaskType.VQA), new SceneConfig(size, SceneConfig.DEFAULT.minObjects(),
                SceneConfig.DEFAULT.maxObjects()), Math.max(1, s.perScene()), s.taskBlock()));
    }

    /**
     * Scene {@code g}'s one-turn VQA sample, its id marked with {@code idSuffix}, as a training example
     * with the scene's picture words; {@code what} names the source in the error.
     */
    static TrainingExample example(SyntheticDataset.Generated g, String idSuffix, List<VisualPrompt> prompts, Turn turn,
            String what, long index) {
        Sample sample = new Sample(g.sample().id() + idSuffix, g.sample().source(), TaskType.VQA, g.sample().image(),
                g.sample().targets(), prompts, List.of(turn), Map.of());
        try {
            return SampleExamples.of(sample, 0, g.scene().picture(), SampleExamples.NO_DEPTH)
                    .withPictureWords(PictureWords.of(g.scene()));
        } catch (SampleExamples.Unusable e) {
            throw new IllegalStateException(what + " example " + index + " cannot be trained: " + e.getMessage(), e);
        }
    }
}
