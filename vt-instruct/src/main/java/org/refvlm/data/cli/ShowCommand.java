package org.refvlm.data.cli;

import org.refvlm.data.Sample;
import org.refvlm.data.SampleReader;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** {@code data show}: draw sample number index (0-based, over the folder's valid samples) into a PNG. */
public final class ShowCommand {
    static final String USAGE = """
            usage: data show <folder> <index> --out <file.png> [--turn <k>]
              --turn   draw only the targets of turn k (0-based) of a multi-turn sample
            """;

    public int run(List<String> args, PrintStream out, PrintStream err) {
        Path folder, target;
        long index;
        int turn;
        try {
            CommandArgs a = CommandArgs.parse(args, Set.of("--out", "--turn"), Set.of());
            turn = (int) a.longValue("--turn", -1);
            if (a.positional().size() != 2) {
                throw new UsageException("expected <folder> <index>");
            }
            folder = Path.of(a.positional().get(0));
            try {
                index = Long.parseLong(a.positional().get(1));
            } catch (NumberFormatException e) {
                throw new UsageException("index must be a whole number");
            }
            if (index < 0) {
                throw new UsageException("index must not be negative");
            }
            target = Path.of(a.require("--out"));
        } catch (UsageException e) {
            err.println("data show: " + e.getMessage());
            err.print(USAGE);
            return 2;
        }
        try {
            long seen = 0;
            for (Path f : DataFolder.jsonlFiles(folder)) {
                try (SampleReader reader = SampleReader.open(f, false, p -> err.println("skipped: " + p))) {
                    for (Sample s : reader) {
                        if (seen++ == index) {
                            BufferedImage img = SampleOverlay.draw(s, f.toAbsolutePath().getParent(), turn);
                            Path parent = target.toAbsolutePath().getParent();
                            if (parent != null) {
                                Files.createDirectories(parent);
                            }
                            ImageIO.write(img, "png", target.toFile());
                            out.println("sample " + s.id() + " (" + s.task().id() + ") drawn to " + target);
                            return 0;
                        }
                    }
                }
            }
            err.println("data show: only " + seen + " valid samples in " + folder);
            return 1;
        } catch (IOException | UncheckedIOException e) {
            err.println("data show: " + e.getMessage());
            return 1;
        }
    }
}
