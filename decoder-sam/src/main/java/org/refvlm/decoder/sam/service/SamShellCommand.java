package org.refvlm.decoder.sam.service;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.nio.file.Files;
import java.util.List;
import java.util.Locale;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.refvlm.api.MaskUnit;
import org.refvlm.api.RgbImage;
import org.refvlm.api.cli.CliCommands;
import org.refvlm.cli.CommandLines;
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
 * <li>{@code sam segment --sam DIR --image FILE [--point X,Y[,0|1]]... [--box X0,Y0,X1,Y1] [--multimask] [--out FILE]}:
 * one mask from SAM's own prompts, in original pixels; {@code DIR} is a Hugging Face SAM folder or
 * a SAM decoder folder. Prints the mask's area, bounds and the IoU head's score.</li>
 * <li>{@code sam pretrain --recipe FILE --out DIR}: trains a SAM from nothing on the synthetic world
 * ({@link SamPretrainingRecipe}); resumes when {@code DIR} has checkpoints; writes {@code DIR/sam}.</li>
 * </ul>
 */
@Component(service = SamShellCommand.class, immediate = true,
        property = {"osgi.command.scope=refvlm", "osgi.command.function=sam"})
public final class SamShellCommand implements SamArguments.Work {

    @Reference
    private TensorRuntime runtime;

    private PrintStream out;

    @Descriptor("Segment Anything without the language model: sam segment --sam DIR --image FILE --point X,Y[,0|1]"
            + " --box X0,Y0,X1,Y1; sam pretrain --recipe FILE --out DIR")
    public void sam(CommandSession session, @Descriptor("segment|pretrain and options") String... args)
            throws Exception {
        CliCommands.invoke((a, in, o, err) -> {
            this.out = o;
            return CommandLines.run(new SamArguments(this), a, o, err);
        }, List.of(args), session.getKeyboard(), session.getConsole(), System.err);
    }

    @Override
    public int segment(SamArguments.Segment args) throws Exception {
        RgbImage image = RgbImage.read(args.image);
        try (NDManager manager = runtime.newManager("sam-segment");
             Parameters params = new Parameters(manager.newSubManager())) {
            MaskUnit mask;
            JsonNode config = new ObjectMapper().readTree(args.sam.resolve("config.json").toFile());
            if (config.has("queryInputDim")) {                                          // a SAM decoder folder
                try (SamDecoder decoder = SamDecoder.loadFolder(args.sam, manager)) {
                    mask = SamPrompting.segment(decoder.sam(), image, args.points, args.box, args.multimask, manager);
                }
            } else {                                                                     // a Hugging Face SAM folder
                SamModel sam = new SamModel(params, SamConfig.read(args.sam.resolve("config.json")));
                sam.loadWeights(args.sam);
                mask = SamPrompting.segment(sam, image, args.points, args.box, args.multimask, manager);
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
            if (args.out != null) {
                ObjectNode json = new ObjectMapper().createObjectNode();
                json.put("width", image.width());
                json.put("height", image.height());
                json.put("area", area);
                json.put("score", mask.score());
                json.put("rle", mask.mask().toCompactString());
                Files.writeString(args.out, json.toPrettyString() + "\n");
                out.println("wrote " + args.out);
            }
            return CommandLines.OK;
        }
    }

    @Override
    public int pretrain(SamArguments.Pretrain args) throws Exception {
        long start = System.nanoTime();
        try (NDManager manager = runtime.newManager("sam-pretrain")) {
            TrainingResult result = SamPretraining.run(SamPretrainingRecipe.read(args.recipe), args.out, manager, true);
            List<Double> losses = result.losses();
            out.printf(Locale.ROOT, "SAM pretrained: %d steps, last loss %.4f, %.1f minutes; SAM folder %s%n",
                    losses.size(), losses.isEmpty() ? Double.NaN : losses.get(losses.size() - 1),
                    (System.nanoTime() - start) / 6e10, args.out.resolve(SamPretraining.RESULT));
            return CommandLines.OK;
        }
    }
}
