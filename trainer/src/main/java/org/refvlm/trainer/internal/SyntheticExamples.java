package org.refvlm.trainer.internal;

import java.util.ArrayList;
import java.util.List;
import org.refvlm.data.TaskType;
import org.refvlm.data.synth.Scene;
import org.refvlm.data.synth.SceneConfig;
import org.refvlm.data.synth.Split;
import org.refvlm.data.synth.SynthOptions;
import org.refvlm.data.synth.SyntheticDataset;
import org.refvlm.trainer.Recipe;
import org.refvlm.trainer.TrainingExample;

/**
 * An endless stream of synthetic-world examples, made in memory as they are needed: example i
 * is sample i of the synthetic dataset the recipe describes, so no two steps see the same sample
 * and a resumed run sees exactly the samples it would have seen.
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
        try {
            return SampleExamples.of(g.sample(), SampleExamples.image(g.scene().width(), g.scene().height(), g.scene().rgb()));
        } catch (SampleExamples.Unusable e) {
            throw new IllegalStateException("synthetic task " + g.sample().task().id() + " cannot be trained: "
                    + e.getMessage() + "; remove it from the recipe's tasks", e);
        }
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
