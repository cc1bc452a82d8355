package org.refvlm.training.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a folder atomically: its content is written into a temporary sibling, every file and
 * the folder are fsynced, and only then is the folder renamed to its final name (one rename(2),
 * atomic within a file system). A name that is not temporary therefore always denotes a complete
 * folder, whenever the process dies.
 *
 * <p>POSIX cannot rename a folder over a non-empty one, so replacing is done by first moving the
 * old folder aside under a trash name and deleting it afterwards; temporary and trash folders left
 * by a crash are recognised by their prefixes and removed by {@link #removeLeftovers}.
 */
public final class AtomicDirectory {
    private static final Logger LOG = LoggerFactory.getLogger(AtomicDirectory.class);
    public static final String TMP_PREFIX = ".tmp-";
    public static final String TRASH_PREFIX = ".trash-";

    /** Fills a folder with files. */
    @FunctionalInterface
    public interface Filler {
        void fill(Path folder) throws IOException;
    }

    private AtomicDirectory() {
    }

    /** Writes {@code parent/name} atomically; returns its path. */
    public static Path publish(Path parent, String name, Filler filler, FaultInjector faults) throws IOException {
        Files.createDirectories(parent);
        Path tmp = parent.resolve(TMP_PREFIX + name + "-" + UUID.randomUUID());
        Path target = parent.resolve(name);
        Files.createDirectory(tmp);
        try {
            filler.fill(tmp);
            try (Stream<Path> files = Files.list(tmp)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    fsync(f);
                }
            }
            fsync(tmp);
            faults.at(CrashPoint.BEFORE_RENAME);
            if (Files.exists(target)) {
                retire(target, faults);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("file system of " + parent + " cannot rename atomically; checkpoints need it", e);
            }
            fsync(parent);
        } catch (IOException | RuntimeException e) {
            deleteQuietly(tmp);
            throw e;
        }
        faults.at(CrashPoint.AFTER_RENAME);
        return target;
    }

    /** Removes a published folder: renamed aside first (atomic), then deleted. */
    public static void retire(Path folder, FaultInjector faults) throws IOException {
        Path trash = folder.resolveSibling(TRASH_PREFIX + folder.getFileName() + "-" + UUID.randomUUID());
        Files.move(folder, trash, StandardCopyOption.ATOMIC_MOVE);
        fsync(folder.getParent());
        List<Path> entries;
        try (Stream<Path> walk = Files.walk(trash)) {
            entries = walk.sorted(Comparator.reverseOrder()).toList();
        }
        boolean first = true;
        for (Path p : entries) {
            Files.deleteIfExists(p);
            if (first) {
                faults.at(CrashPoint.DURING_PRUNE);
                first = false;
            }
        }
    }

    /** Deletes temporary and trash folders a crash left in {@code parent}; returns how many. */
    public static int removeLeftovers(Path parent) throws IOException {
        if (!Files.isDirectory(parent)) {
            return 0;
        }
        int n = 0;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(parent)) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                if (name.startsWith(TMP_PREFIX) || name.startsWith(TRASH_PREFIX)) {
                    deleteTree(p);
                    n++;
                }
            }
        }
        if (n > 0) {
            LOG.info("removed {} unfinished checkpoint folder(s) in {}", n, parent);
        }
        return n;
    }

    /** Forces a file's or folder's data and metadata to disk. */
    public static void fsync(Path p) throws IOException {
        if (Files.isDirectory(p)) {
            try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
                ch.force(true);
            } catch (IOException e) {
                // Some platforms cannot open folders; the rename is still atomic there, only its
                // durability across power loss is weaker.
                LOG.debug("cannot fsync folder {}: {}", p, e.toString());
            }
        } else {
            try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
        }
    }

    public static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static void deleteQuietly(Path root) {
        try {
            deleteTree(root);
        } catch (IOException e) {
            LOG.warn("could not remove temporary folder {}: {}", root, e.toString());
        }
    }
}
