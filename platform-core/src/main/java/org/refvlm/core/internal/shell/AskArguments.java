package org.refvlm.core.internal.shell;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.refvlm.api.TaskCommand;
import org.refvlm.api.VisualPrompt;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** The command line of {@code ask}; {@link #call} hands the parsed arguments to the shell command's work. */
@Command(name = "ask", sortOptions = false,
        description = {"Answers a prompt about a picture: prints the answer, writes one decoded unit per <REF> as JSON "
                + "and optionally an overlay picture. <region> in the prompt marks each --point/--box/--scribble/--mask prompt, in order.",
                "Limits per request: the picture at most 40,000,000 pixels, the prompt at most 65,536 characters and "
                + "the model's context (prompt and answer together), at most 32 visual prompts; --max-tokens stops "
                + "earlier when the context is full."})
final class AskArguments implements Callable<Integer> {

    /** What {@code ask} does with its arguments. */
    @FunctionalInterface
    interface Work {
        int run(AskArguments arguments) throws Exception;
    }

    @Option(names = "--model", paramLabel = "DIR", description = "make DIR the platform's model (kept across runs)")
    Path model;

    @Option(names = "--image", required = true, paramLabel = "FILE", description = "the picture (PNG, JPEG, BMP, GIF)")
    Path image;

    @Option(names = "--prompt", required = true, paramLabel = "TEXT", description = "the question or instruction")
    String prompt;

    @Option(names = "--task", paramLabel = "NAME", converter = TaskConverter.class, completionCandidates = TaskConverter.class,
            description = "the task command sent with the prompt: ${COMPLETION-CANDIDATES}")
    TaskCommand task;

    @Option(names = "--answer", paramLabel = "TRP", description = "decode this TRP answer instead of generating one")
    String answer;

    @Option(names = "--max-tokens", paramLabel = "N", defaultValue = "256",
            description = "most tokens to generate (default ${DEFAULT-VALUE})")
    int maxTokens;

    @Option(names = "--temperature", paramLabel = "T", defaultValue = "0",
            description = "sampling temperature; 0 decodes greedily (default)")
    double temperature;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "sampling seed")
    long seed;

    @Option(names = "--out", required = true, paramLabel = "RESULT.json", description = "where the JSON goes")
    Path out;

    @Option(names = "--overlay", paramLabel = "OUT.png", description = "where the overlay picture goes")
    Path overlay;

    private final List<VisualPrompt> prompts = new ArrayList<>();
    private final Work work;

    AskArguments(Work work) {
        this.work = work;
    }

    @Option(names = "--point", paramLabel = "X,Y", description = "a point prompt, in pixels (repeatable)")
    void point(String value) {
        double[] p = numbers("--point", value, 2);
        prompts.add(new VisualPrompt.Point(p[0], p[1]));
    }

    @Option(names = "--box", paramLabel = "X0,Y0,X1,Y1", description = "a box prompt, in pixels (repeatable)")
    void box(String value) {
        double[] b = numbers("--box", value, 4);
        prompts.add(new VisualPrompt.Box(b[0], b[1], b[2], b[3]));
    }

    @Option(names = "--scribble", paramLabel = "X,Y;X,Y;...",
            description = "a scribble prompt: the stroke's points in pixels, separated by ';' (repeatable)")
    void scribble(String value) {
        List<VisualPrompt.Point> points = new ArrayList<>();
        for (String point : value.split(";")) {
            if (point.isBlank()) {
                continue;
            }
            double[] p = numbers("--scribble", point, 2);
            points.add(new VisualPrompt.Point(p[0], p[1]));
        }
        if (points.isEmpty()) {
            throw new TypeConversionException("--scribble needs at least one X,Y point, got '" + value + "'");
        }
        prompts.add(new VisualPrompt.Scribble(points));
    }

    @Option(names = "--mask", paramLabel = "MASK.png",
            description = "a mask prompt: a picture of the image's size whose non-black pixels are the region (repeatable)")
    void mask(Path file) {
        java.awt.image.BufferedImage picture;
        try {
            picture = javax.imageio.ImageIO.read(file.toFile());
        } catch (java.io.IOException e) {
            throw new TypeConversionException("--mask " + file + " cannot be read: " + e.getMessage());
        }
        if (picture == null) {
            throw new TypeConversionException("--mask " + file + " is not a picture ImageIO reads (PNG, JPEG, BMP, GIF)");
        }
        int w = picture.getWidth(), h = picture.getHeight();
        boolean[] region = new boolean[w * h];
        java.awt.image.Raster raster = picture.getRaster();
        int bands = raster.getNumBands();
        boolean any = false;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                // any band of the pixel above zero (an alpha band counts as well: a painted stroke on a clear layer)
                for (int b = 0; b < bands && !region[y * w + x]; b++) {
                    region[y * w + x] = raster.getSample(x, y, b) > 0;
                }
                any |= region[y * w + x];
            }
        }
        if (!any) {
            throw new TypeConversionException("--mask " + file + " is all black: it marks no region");
        }
        prompts.add(new VisualPrompt.Mask(org.refvlm.api.CocoRle.encode(region, h, w)));
    }

    /** The visual prompts in the order the command line gave them, which is the prompt's {@code <region>} order. */
    List<VisualPrompt> prompts() {
        return List.copyOf(prompts);
    }

    @Override
    public Integer call() throws Exception {
        return work.run(this);
    }

    private static double[] numbers(String option, String value, int count) {
        String[] parts = value.split(",");
        if (parts.length != count) {
            throw new TypeConversionException(option + " takes " + count + " comma-separated numbers, got '" + value + "'");
        }
        double[] d = new double[count];
        for (int i = 0; i < count; i++) {
            try {
                d[i] = Double.parseDouble(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new TypeConversionException(option + ": '" + parts[i] + "' is not a number");
            }
        }
        return d;
    }

    /** Task names as the templates know them. */
    static final class TaskConverter implements ITypeConverter<TaskCommand>, Iterable<String> {
        @Override
        public TaskCommand convert(String value) {
            return TaskCommand.named(value).orElseThrow(() -> new TypeConversionException(
                    "unknown task '" + value + "'; known: " + String.join(", ", TaskCommand.knownNames())));
        }

        @Override
        public java.util.Iterator<String> iterator() {
            return TaskCommand.knownNames().iterator();
        }
    }
}
