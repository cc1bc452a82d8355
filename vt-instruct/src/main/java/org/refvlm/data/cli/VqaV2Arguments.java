package org.refvlm.data.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The arguments of {@code data convert vqav2} besides {@link ConvertArguments}, as a picocli mixin. */
public final class VqaV2Arguments {

    /** The samples file without extension, and the report's source. */
    public static final String STEM = "vqav2";

    @Option(names = "--questions", required = true, paramLabel = "FILE")
    private Path questions;

    @Option(names = "--annotations", required = true, paramLabel = "FILE")
    private Path annotations;

    @Option(names = "--image-info", paramLabel = "FILE", description = "COCO json with an images list, for sizes")
    private Path imageInfo;

    public Path questions() {
        return questions;
    }

    public Path annotations() {
        return annotations;
    }

    /** A COCO file with an images list giving image sizes; null without one. */
    public Path imageInfo() {
        return imageInfo;
    }
}
