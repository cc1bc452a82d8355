package org.refvlm.data.synth;

import org.refvlm.data.TaskType;

import java.util.List;

/**
 * What to generate.
 *
 * @param count           number of samples
 * @param split           train, val or test
 * @param seed            user seed; with the split it fixes every scene and sample
 * @param tasks           task types, used round-robin so that each appears about count / tasks.size() times
 * @param scene           scene look
 * @param samplesPerScene how many consecutive samples share one scene (and its picture)
 * @param taskBlock       whether answers carry the leading {@code <Task>} block
 */
public record SynthOptions(long count, Split split, long seed, List<TaskType> tasks, SceneConfig scene,
                           int samplesPerScene, boolean taskBlock) implements java.io.Serializable {
    public SynthOptions {
        tasks = List.copyOf(tasks);
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative");
        }
        if (tasks.isEmpty()) {
            throw new IllegalArgumentException("no task types chosen");
        }
        if (samplesPerScene < 1) {
            throw new IllegalArgumentException("samplesPerScene must be at least 1");
        }
    }

    public static SynthOptions of(long count, Split split, long seed) {
        return new SynthOptions(count, split, seed, List.of(TaskType.values()), SceneConfig.DEFAULT, 4, true);
    }
}
