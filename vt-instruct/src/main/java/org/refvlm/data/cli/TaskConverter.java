package org.refvlm.data.cli;

import java.util.Arrays;
import java.util.Iterator;
import org.refvlm.data.TaskType;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A task type id on the command line ({@code --tasks rec,res}); also the list of known ids for help. */
final class TaskConverter implements ITypeConverter<TaskType>, Iterable<String> {

    @Override
    public TaskType convert(String id) {
        try {
            return TaskType.fromId(id.strip());
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }

    @Override
    public Iterator<String> iterator() {
        return Arrays.stream(TaskType.values()).map(TaskType::id).iterator();
    }
}
