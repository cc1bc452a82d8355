package org.refvlm.trainer.internal;

import java.util.ArrayList;
import java.util.List;
import org.refvlm.data.TaskType;
import org.refvlm.data.synth.CaptionWriter;
import org.refvlm.data.synth.Scene;
import org.refvlm.data.synth.SceneConfig;
import org.refvlm.data.synth.Split;
import org.refvlm.data.synth.SynthOptions;
import org.refvlm.data.synth.SyntheticDataset;
import org.refvlm.trainer.PictureWords;
import org.refvlm.trainer.Recipe;
import org.refvlm.trainer.TrainingExample;

/**
 * An endless stream of synthetic-world examples, made in memory as they are needed: example i
 * is sample i of the synthetic dataset the recipe describes (one of its turns, drawn from i), so
 * no two steps see the same sample and a resumed run sees exactly the samples it would have seen.
 * Depth targets come from the scene in memory (metres), not from a PNG.
 */
final class SyntheticExamples implements ExampleSource {

    private final SyntheticDataset dataset;
    private final Recipe.Synthetic settings;

    SyntheticExamples(Recipe.Synthetic s) {
        this.settings = s;
        List<TaskType> tasks = new ArrayList<>();
        for (String id : s.tasks()) {
            tasks.add(TaskType.fromId(id));
        }
        int size = s.size() == 0 ? SceneConfig.DEFAULT.size() : s.size();
        int perScene = Math.max(1, s.perScene());
        this.dataset = new SyntheticDataset(new SynthOptions(Long.MAX_VALUE, Split.fromWord(s.split()), s.seed(), tasks,
                new SceneConfig(size, SceneConfig.DEFAULT.minObjects(), SceneConfig.DEFAULT.maxObjects()), perScene,
                s.taskBlock()));
    }

    @Override
    public TrainingExample example(long index) {
        SyntheticDataset.Generated g = dataset.generate(index);
        // one turn of a multi-turn sample, drawn from the index: every turn is trained, each on its own
        int turns = Math.max(1, g.sample().turns().size());
        int turn = (int) Math.floorMod(index * 0x9E3779B97F4A7C15L >>> 17, (long) turns);
        float[] depth = g.scene().depth();
        try {
            TrainingExample e = SampleExamples.of(g.sample(), turn, g.scene().picture(), ref -> depth)
                    .withPictureWords(PictureWords.of(g.scene()));
            return described(index) ? e.withPrompt(CaptionWriter.inventory(g.scene()) + " " + e.prompt()) : e;
        } catch (SampleExamples.Unusable e) {
            throw new IllegalStateException("synthetic task " + g.sample().task().id() + " cannot be trained: "
                    + e.getMessage() + "; remove it from the recipe's tasks", e);
        }
    }

    /**
     * Whether example {@code index} starts its prompt with the scene in words: a fixed draw from the
     * index, so a resumed run describes the same examples.
     */
    boolean described(long index) {
        double share = settings.describeScene();
        if (share <= 0) {
            return false;
        }
        long h = (index + 0x632BE59BD9B4E019L) * 0xD1B54A32D192ED03L;
        h ^= h >>> 29;
        return (h >>> 11) * 0x1.0p-53 < share;
    }

    /** The scene of example {@code index}, for diagnostics. */
    Scene scene(long index) {
        return dataset.generate(index).scene();
    }

    @Override
    public String describe() {
        return "synthetic " + settings;
    }
}
