package org.refvlm.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * One framework cache per launcher process, so a one-shot command can run beside an open shell.
 * Caches of processes that are gone (killed before they could clean up) are removed on start.
 */
final class FrameworkCaches {

    private final Path root;

    FrameworkCaches(Path stateDir) {
        this.root = stateDir.resolve("cache");
    }

    Path forThisProcess() throws IOException {
        Files.createDirectories(root);
        removeStale();
        return root.resolve(Long.toString(ProcessHandle.current().pid()));
    }

    private void removeStale() throws IOException {
        try (Stream<Path> dirs = Files.list(root)) {
            dirs.filter(d -> isDeadProcess(d.getFileName().toString())).forEach(FrameworkCaches::deleteTree);
        }
    }

    private static boolean isDeadProcess(String name) {
        try {
            return ProcessHandle.of(Long.parseLong(name)).isEmpty();
        } catch (NumberFormatException e) {
            return false;
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
