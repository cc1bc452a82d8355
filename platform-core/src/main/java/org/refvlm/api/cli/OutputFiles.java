package org.refvlm.api.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Checks an output file's folder before a command does its work, so a mistyped path fails at
 * once with a message naming the file and the problem, instead of after a long run with only the
 * path (Java's own message for a missing folder).
 */
public final class OutputFiles {

    private OutputFiles() {
    }

    /**
     * @return {@code file}, once its folder exists and is writable and it is not itself a folder
     * @throws IOException naming {@code file} and what is wrong with it
     */
    public static Path writable(Path file) throws IOException {
        Path absolute = file.toAbsolutePath();
        Path folder = absolute.getParent();
        if (Files.isDirectory(absolute)) {
            throw new IOException("cannot write " + file + ": it is a folder");
        }
        if (folder != null && !Files.isDirectory(folder)) {
            throw new NoSuchFileException(file.toString(), null,
                    "cannot write it: the folder " + folder + " does not exist");
        }
        if (folder != null && !Files.isWritable(folder)) {
            throw new IOException("cannot write " + file + ": the folder " + folder + " is not writable");
        }
        return file;
    }
}
