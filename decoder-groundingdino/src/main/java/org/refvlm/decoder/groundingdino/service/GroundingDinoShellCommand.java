package org.refvlm.decoder.groundingdino.service;

import ai.djl.ndarray.NDManager;
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
import org.refvlm.api.RgbImage;
import org.refvlm.decoder.groundingdino.model.CaptionDetector;
import org.refvlm.decoder.groundingdino.model.GroundingDino;
import org.refvlm.decoder.groundingdino.model.GroundingDinoModels;
import org.refvlm.tensor.TensorRuntime;

/**
 * Shell command {@code refvlm:grounding-dino}: a transformers Grounding DINO folder (config.json,
 * model.safetensors, tokenizer.json) run with a text prompt on a picture, as the original model is
 * used; prints one line per detection. For checking a checkpoint before attaching it as a decoder.
 */
@Component(service = GroundingDinoShellCommand.class, immediate = true,
        property = {"osgi.command.scope=refvlm", "osgi.command.function=grounding-dino"})
public final class GroundingDinoShellCommand {

    private static final String USAGE = "grounding-dino [--side N] [--box-threshold P] [--text-threshold P] "
            + "<model folder> <image> <caption, e.g. \"a cat. a remote control.\">";

    @Reference
    private TensorRuntime tensors;

    @Descriptor("detect with a text prompt: " + USAGE)
    public void _main(CommandSession session, @Descriptor("arguments") String... args) throws Exception {
        PrintStream out = session.getConsole();
        int side = 800;
        double box = 0.35;
        double text = 0.25;
        List<String> rest = new ArrayList<>();
        // gogo hands a hyphenated function's name in as the first argument
        for (int i = args.length > 0 && args[0].endsWith("grounding-dino") ? 1 : 0; i < args.length; i++) {
            switch (args[i]) {
                case "--side" -> side = Integer.parseInt(args[++i]);
                case "--box-threshold" -> box = Double.parseDouble(args[++i]);
                case "--text-threshold" -> text = Double.parseDouble(args[++i]);
                default -> rest.add(args[i]);
            }
        }
        if (rest.size() < 3) {
            throw new IllegalArgumentException("usage: " + USAGE);
        }
        Path folder = Path.of(rest.get(0));
        Path tokenizer = folder.resolve("tokenizer.json");
        if (!Files.isRegularFile(tokenizer)) {
            throw new IllegalArgumentException(folder + " has no tokenizer.json (the checkpoint's BERT tokenizer)");
        }
        RgbImage picture = RgbImage.read(Path.of(rest.get(1)));
        String caption = String.join(" ", rest.subList(2, rest.size()));
        GroundingDino model = GroundingDinoModels.load(folder, tensors.device());
        try (CaptionDetector detector = CaptionDetector.of(tokenizer);
             NDManager m = model.parameters().manager().newSubManager()) {
            for (CaptionDetector.Detection d : detector.detect(model, picture, caption, side, box, text, m)) {
                out.printf(Locale.ROOT, "%.3f  [%.1f, %.1f, %.1f, %.1f]  %s%n", d.score(), d.x0(), d.y0(), d.x1(), d.y1(),
                        d.label());
            }
        } finally {
            model.parameters().close();
        }
    }
}
