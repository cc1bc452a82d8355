package org.refvlm.decoder.groundingdino.service;

import ai.djl.ndarray.NDManager;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.refvlm.api.RgbImage;
import org.refvlm.api.cli.CliCommands;
import org.refvlm.cli.CommandLines;
import org.refvlm.decoder.groundingdino.model.CaptionDetector;
import org.refvlm.decoder.groundingdino.model.GroundingDino;
import org.refvlm.decoder.groundingdino.model.GroundingDinoModels;
import org.refvlm.decoder.groundingdino.pretrain.GroundingDinoPretraining;
import org.refvlm.decoder.groundingdino.pretrain.GroundingDinoPretrainingRecipe;
import org.refvlm.tensor.TensorRuntime;
import org.refvlm.training.TrainingResult;

/**
 * Shell command {@code refvlm:grounding-dino}: Grounding DINO with a text prompt, as the original
 * model is used, no language model.
 * <ul>
 * <li>{@code grounding-dino detect --model DIR --image FILE --caption TEXT [--side N]}: a transformers
 * Grounding DINO folder (config.json, model.safetensors, tokenizer.json) on a picture; one line per
 * detection. For checking a checkpoint before attaching it as a decoder.</li>
 * <li>{@code grounding-dino pretrain --recipe FILE --out DIR}: trains one from nothing on the
 * synthetic world with text prompts ({@link GroundingDinoPretrainingRecipe}); resumes when
 * {@code DIR} has checkpoints; writes {@code DIR/groundingdino}.</li>
 * </ul>
 */
@Component(service = GroundingDinoShellCommand.class, immediate = true,
        property = {"osgi.command.scope=refvlm", "osgi.command.function=grounding-dino"})
public final class GroundingDinoShellCommand implements GroundingDinoArguments.Work {

    @Reference
    private TensorRuntime tensors;

    @Descriptor("Grounding DINO with a text prompt: grounding-dino detect --model DIR --image FILE --caption TEXT;"
            + " grounding-dino pretrain --recipe FILE --out DIR")
    public void _main(CommandSession session, @Descriptor("detect|pretrain and options") String... args)
            throws Exception {
        // gogo hands a hyphenated function's name in as the first argument
        List<String> rest = Arrays.asList(args);
        if (!rest.isEmpty() && rest.get(0).endsWith("grounding-dino")) {
            rest = rest.subList(1, rest.size());
        }
        CliCommands.invoke((a, in, o, err) -> CommandLines.run(new GroundingDinoArguments(this, o), a, o, err),
                rest, session.getKeyboard(), session.getConsole(), System.err);
    }

    @Override
    public int detect(GroundingDinoArguments.Detect args, PrintStream out) throws Exception {
        Path tokenizer = args.model.resolve("tokenizer.json");
        if (!Files.isRegularFile(tokenizer)) {
            throw new IllegalArgumentException(args.model + " has no tokenizer.json (the checkpoint's BERT tokenizer)");
        }
        RgbImage picture = RgbImage.read(args.image);
        GroundingDino model = GroundingDinoModels.load(args.model, tensors.device());
        try (CaptionDetector detector = CaptionDetector.of(tokenizer);
             NDManager m = model.parameters().manager().newSubManager()) {
            List<CaptionDetector.Detection> found = detector.detect(model, picture, args.caption, args.side,
                    args.boxThreshold, args.textThreshold, m);
            for (CaptionDetector.Detection d : found) {
                out.printf(Locale.ROOT, "%.3f  [%.1f, %.1f, %.1f, %.1f]  %s%n", d.score(), d.x0(), d.y0(), d.x1(), d.y1(),
                        d.label());
            }
            if (found.isEmpty()) {
                out.printf(Locale.ROOT, "no detection above --box-threshold %.2f%n", args.boxThreshold);
            }
            return CommandLines.OK;
        } finally {
            model.parameters().close();
        }
    }

    @Override
    public int pretrain(GroundingDinoArguments.Pretrain args, PrintStream out) throws Exception {
        long start = System.nanoTime();
        try (NDManager manager = tensors.newManager("grounding-dino-pretrain")) {
            TrainingResult result = GroundingDinoPretraining.run(GroundingDinoPretrainingRecipe.read(args.recipe),
                    args.out, manager, true);
            List<Double> losses = result.losses();
            out.printf(Locale.ROOT, "Grounding DINO pretrained: %d steps, last loss %.4f, %.1f minutes; folder %s%n",
                    losses.size(), losses.isEmpty() ? Double.NaN : losses.get(losses.size() - 1),
                    (System.nanoTime() - start) / 6e10, args.out.resolve(GroundingDinoPretraining.RESULT));
            return CommandLines.OK;
        }
    }
}
