package org.refvlm.trainer.internal;

import java.util.List;
import org.refvlm.data.Sample;
import org.refvlm.data.TaskType;
import org.refvlm.data.synth.Scene;
import org.refvlm.data.synth.SceneConfig;
import org.refvlm.data.synth.Split;
import org.refvlm.data.synth.SynthOptions;
import org.refvlm.data.synth.SyntheticDataset;
import org.refvlm.trainer.PictureWords;
import org.refvlm.trainer.Recipe;
import org.refvlm.trainer.TrainingExample;

/**
 * What the trainer-only synthetic tasks that write their own question turns ({@code vqa-look},
 * {@code vqa-region}, {@code vqa-exist}, {@code vqa-exist-shape}) share: the VQA scenes of their recipe part, which must name that task alone and
 * not describe scenes in words, and a finished sample made into a training example with its scene's
 * picture words.
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

    /** The sample's one turn as a training example; {@code what} names the source in the error. */
    static TrainingExample example(Sample sample, Scene scene, String what, long index) {
        try {
            return SampleExamples.of(sample, 0, scene.picture(), SampleExamples.NO_DEPTH)
                    .withPictureWords(PictureWords.of(scene));
        } catch (SampleExamples.Unusable e) {
            throw new IllegalStateException(what + " example " + index + " cannot be trained: " + e.getMessage(), e);
        }
    }
}
