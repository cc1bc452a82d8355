package org.refvlm.data.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The arguments of {@code data convert flickr30k} besides {@link ConvertArguments}, as a picocli mixin. */
public final class Flickr30kArguments {

    /** The samples file without extension, and the report's source. */
    public static final String STEM = "flickr30k";

    @Option(names = "--annotations", required = true, paramLabel = "DIR")
    private Path annotations;

    @Option(names = "--sentences", required = true, paramLabel = "DIR")
    private Path sentences;

    @Option(names = "--ids", paramLabel = "FILE", description = "split file, one image id per line")
    private Path idFile;

    public Path annotations() {
        return annotations;
    }

    public Path sentences() {
        return sentences;
    }

    /** The image ids of the {@code --ids} file, in its order; empty without one (every sentence file). */
    public List<String> ids() throws IOException {
        List<String> ids = new ArrayList<>();
        if (idFile != null) {
            for (String l : Files.readAllLines(idFile, StandardCharsets.UTF_8)) {
                if (!l.isBlank()) {
                    ids.add(l.strip());
                }
            }
        }
        return ids;
    }
}
