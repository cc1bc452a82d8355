package org.refvlm.data.cli;

import org.refvlm.data.Sample;
import org.refvlm.data.SampleReader;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code data show}: draw sample number index (0-based, over the folder's valid samples) into a PNG. */
@Command(name = "show", description = "Draws one sample's targets and prompts over its image.")
public final class ShowCommand extends DataSubcommand {

    @Parameters(index = "0", paramLabel = "FOLDER", description = "the data folder")
    private Path folder;

    @Parameters(index = "1", paramLabel = "INDEX", description = "the sample's number over the folder's valid samples, from 0")
    private long index;

    @Option(names = "--out", required = true, paramLabel = "FILE.png", description = "where the drawing goes")
    private Path target;

    @Option(names = "--turn", paramLabel = "K", defaultValue = "-1",
            description = "draw only the targets of turn K (from 0) of a multi-turn sample")
    private int turn;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        if (index < 0) {
            throw new ParameterException(spec.commandLine(), "INDEX must not be negative");
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
