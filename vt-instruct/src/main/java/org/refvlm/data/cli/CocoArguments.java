package org.refvlm.data.cli;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.refvlm.data.TaskType;
import org.refvlm.data.convert.CocoConverter;
import org.refvlm.data.convert.CocoFile;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The arguments of {@code data convert coco} besides {@link ConvertArguments}, as a picocli mixin. */
public final class CocoArguments {

    @Option(names = "--instances", paramLabel = "instances_*.json")
    private Path instances;

    @Option(names = "--captions", paramLabel = "captions_*.json")
    private Path captions;

    @Option(names = "--keypoints", paramLabel = "person_keypoints_*.json")
    private Path keypoints;

    @Spec(Spec.Target.MIXEE)
    private CommandSpec source;

    /** Every task a COCO conversion can produce. */
    public static Set<TaskType> tasks() {
        Set<TaskType> supported = new HashSet<>(CocoConverter.INSTANCE_TASKS);
        supported.addAll(CocoConverter.KEYPOINT_TASKS);
        return supported;
    }

    /**
     * The files given, in the order they are converted and reported; a usage error of the command when
     * there is none.
     */
    public Map<CocoFile, Path> files() {
        if (instances == null && captions == null && keypoints == null) {
            throw new ParameterException(source.commandLine(), "coco needs --instances, --captions or --keypoints");
        }
        Map<CocoFile, Path> files = new EnumMap<>(CocoFile.class);
        if (instances != null) {
            files.put(CocoFile.INSTANCES, instances);
        }
        if (captions != null) {
            files.put(CocoFile.CAPTIONS, captions);
        }
        if (keypoints != null) {
            files.put(CocoFile.KEYPOINTS, keypoints);
        }
        return files;
    }
}
