package org.refvlm.data.convert;

import org.refvlm.data.TaskType;

import java.nio.file.Path;
import java.util.Set;

/**
 * Settings shared by the converters.
 *
 * @param imagesRoot folder holding the dataset's pictures
 * @param outFolder  folder the samples file is written to (image paths are stored relative to it)
 * @param tasks      which task types to produce, among those the converter supports
 * @param taskBlock  whether answers start with the {@code <Task>} block
 * @param seed       seeds the choice of prompt phrasing (per record, so output does not depend on order)
 */
public record ConvertOptions(Path imagesRoot, Path outFolder, Set<TaskType> tasks, boolean taskBlock, long seed) {
    public ConvertOptions {
        tasks = Set.copyOf(tasks);
    }
}
