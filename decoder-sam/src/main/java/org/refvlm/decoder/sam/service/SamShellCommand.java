package org.refvlm.decoder.sam.service;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.refvlm.api.MaskUnit;
import org.refvlm.api.RgbImage;
import org.refvlm.decoder.sam.SamDecoder;
import org.refvlm.decoder.sam.SamPrompting;
import org.refvlm.decoder.sam.model.SamConfig;
import org.refvlm.decoder.sam.model.SamModel;
import org.refvlm.decoder.sam.pretrain.SamPretraining;
import org.refvlm.decoder.sam.pretrain.SamPretrainingRecipe;
import org.refvlm.nn.Parameters;
import org.refvlm.tensor.TensorRuntime;
import org.refvlm.training.TrainingResult;

/**
 * Shell command {@code refvlm:sam}: Segment Anything on its own, no language model.
 * <ul>
 * <li>{@code sam segment --sam DIR --image FILE [--point X,Y[,0|1]]... [--box X0,Y0,X1,Y1] [--out FILE]}:
 * one mask from SAM's own prompts (label 1 foreground, the default; 0 background), in original
 * pixels; {@code DIR} is a Hugging Face SAM folder or a SAM decoder folder; {@code --multimask}
 * keeps the best-rated of SAM's three multimask outputs instead of the single mask. Prints the mask's area,
 * bounds and the IoU head's score; {@code --out} writes them with the mask's RLE as JSON.</li>
 * <li>{@code sam pretrain --recipe FILE --out DIR}: trains a SAM from nothing on the synthetic world
 * ({@link SamPretrainingRecipe}); resumes when {@code DIR} has checkpoints; writes {@code DIR/sam}.</li>
 * </ul>
 */
@Component(service = SamShellCommand.class, immediate = true,
        property = {"osgi.command.scope=refvlm", "osgi.command.function=sam"})
public final class SamShellCommand {

    private static final String USAGE = "usage: sam segment --sam DIR --image FILE [--point X,Y[,0|1]]..."
            + " [--box X0,Y0,X1,Y1] [--multimask] [--out FILE]\n       sam pretrain --recipe FILE --out DIR";

    @Reference
    private TensorRuntime runtime;

    @Descriptor("Segment Anything without the language model: sam segment --sam DIR --image FILE --point X,Y[,0|1]"
            + " --box X0,Y0,X1,Y1 [--out FILE]; sam pretrain --recipe FILE --out DIR")
    public void sam(CommandSession session, @Descriptor("segment|pretrain and options") String... args)
            throws Exception {
        PrintStream out = session.getConsole();
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
            out.println(USAGE);
            return;
        }
        String sub = args[0];
        List<String> rest = List.of(args).subList(1, args.length);
        switch (sub) {
            case "segment" -> segment(rest, out);
            case "pretrain" -> pretrain(rest, out);
            default -> throw new IllegalArgumentException("unknown sam subcommand '" + sub + "'\n" + USAGE);
        }
    }

    private void segment(List<String> args, PrintStream out) throws Exception {
        Path samDir = null;
        Path imageFile = null;
        Path outFile = null;
        List<SamPrompting.Point> points = new ArrayList<>();
        SamPrompting.Box box = null;
        boolean multimask = false;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--multimask")) {
                multimask = true;
                continue;
            }
            String v = i + 1 < args.size() ? args.get(i + 1) : null;
            if (v == null) {
                throw new IllegalArgumentException(a + " needs a value\n" + USAGE);
            }
            i++;
            switch (a) {
                case "--sam" -> samDir = Path.of(v);
                case "--image" -> imageFile = Path.of(v);
                case "--out" -> outFile = Path.of(v);
                case "--point" -> {
                    double[] n = numbers(a, v, 2, 3);
                    points.add(new SamPrompting.Point(n[0], n[1], n.length < 3 || n[2] != 0));
                }
                case "--box" -> {
                    double[] n = numbers(a, v, 4, 4);
                    box = new SamPrompting.Box(n[0], n[1], n[2], n[3]);
                }
                default -> throw new IllegalArgumentException("unknown option " + a + "\n" + USAGE);
            }
        }
        if (samDir == null || imageFile == null) {
            throw new IllegalArgumentException("--sam and --image are required\n" + USAGE);
        }
        RgbImage image = RgbImage.read(imageFile);
        try (NDManager manager = runtime.newManager("sam-segment");
             Parameters params = new Parameters(manager.newSubManager())) {
            MaskUnit mask;
            JsonNode config = new ObjectMapper().readTree(samDir.resolve("config.json").toFile());
            if (config.has("queryInputDim")) {                                          // a SAM decoder folder
                try (SamDecoder decoder = SamDecoder.loadFolder(samDir, manager)) {
                    mask = SamPrompting.segment(decoder.sam(), image, points, box, multimask, manager);
                }
            } else {                                                                     // a Hugging Face SAM folder
                SamModel sam = new SamModel(params, SamConfig.read(samDir.resolve("config.json")));
                sam.loadWeights(samDir);
                mask = SamPrompting.segment(sam, image, points, box, multimask, manager);
            }
            boolean[] pixels = mask.mask().decode();
            int area = 0, x0 = Integer.MAX_VALUE, y0 = Integer.MAX_VALUE, x1 = -1, y1 = -1;
            for (int y = 0; y < image.height(); y++) {
                for (int x = 0; x < image.width(); x++) {
                    if (pixels[y * image.width() + x]) {
                        area++;
                        x0 = Math.min(x0, x);
                        y0 = Math.min(y0, y);
                        x1 = Math.max(x1, x + 1);
                        y1 = Math.max(y1, y + 1);
                    }
                }
            }
            out.printf(Locale.ROOT, "mask: %d pixels%s, score %.3f%n", area,
                    area == 0 ? "" : String.format(Locale.ROOT, " in [%d, %d, %d, %d]", x0, y0, x1, y1), mask.score());
            if (outFile != null) {
                ObjectNode json = new ObjectMapper().createObjectNode();
                json.put("width", image.width());
                json.put("height", image.height());
                json.put("area", area);
                json.put("score", mask.score());
                json.put("rle", mask.mask().toCompactString());
                Files.writeString(outFile, json.toPrettyString() + "\n");
                out.println("wrote " + outFile);
            }
        }
    }

    private void pretrain(List<String> args, PrintStream out) throws Exception {
        Path recipe = null;
        Path dir = null;
        for (int i = 0; i + 1 < args.size(); i += 2) {
            switch (args.get(i)) {
                case "--recipe" -> recipe = Path.of(args.get(i + 1));
                case "--out" -> dir = Path.of(args.get(i + 1));
                default -> throw new IllegalArgumentException("unknown option " + args.get(i) + "\n" + USAGE);
            }
        }
        if (recipe == null || dir == null || args.size() % 2 != 0) {
            throw new IllegalArgumentException("--recipe and --out are required\n" + USAGE);
        }
        long start = System.nanoTime();
        try (NDManager manager = runtime.newManager("sam-pretrain")) {
            TrainingResult result = SamPretraining.run(SamPretrainingRecipe.read(recipe), dir, manager, true);
            List<Double> losses = result.losses();
            out.printf(Locale.ROOT, "SAM pretrained: %d steps, last loss %.4f, %.1f minutes; SAM folder %s%n",
                    losses.size(), losses.isEmpty() ? Double.NaN : losses.get(losses.size() - 1),
                    (System.nanoTime() - start) / 6e10, dir.resolve(SamPretraining.RESULT));
        }
    }

    private static double[] numbers(String option, String value, int min, int max) {
        String[] parts = value.split(",");
        if (parts.length < min || parts.length > max) {
            throw new IllegalArgumentException(option + " takes " + min + (max > min ? " or " + max : "")
                    + " comma-separated numbers, got '" + value + "'");
        }
        double[] out = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = Double.parseDouble(parts[i].trim());
        }
        return out;
    }
}
