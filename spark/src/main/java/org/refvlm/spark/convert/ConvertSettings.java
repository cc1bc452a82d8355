package org.refvlm.spark.convert;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.Set;
import org.refvlm.data.TaskType;
import org.refvlm.data.convert.ConvertOptions;

/**
 * {@link ConvertOptions} as they travel to the executors: paths are not serializable, so they go as
 * strings, made absolute on the driver because an executor's working folder is not the driver's.
 */
record ConvertSettings(String images, String out, Set<TaskType> tasks, boolean taskBlock, long seed) implements Serializable {
    ConvertSettings {
        tasks = Set.copyOf(tasks);
    }

    static ConvertSettings of(ConvertOptions o) {
        return new ConvertSettings(o.imagesRoot().toAbsolutePath().toString(), o.outFolder().toAbsolutePath().toString(),
                o.tasks(), o.taskBlock(), o.seed());
    }

    ConvertOptions options() {
        return new ConvertOptions(Path.of(images), Path.of(out), tasks, taskBlock, seed);
    }
}
