package org.refvlm.core.internal.shell;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.refvlm.api.RefVlm;
import org.refvlm.api.Request;
import org.refvlm.api.Response;
import org.refvlm.api.RgbImage;
import org.refvlm.api.cli.CliCommands;
import org.refvlm.api.cli.OutputFiles;
import org.refvlm.api.model.GenerationOptions;
import org.refvlm.core.pipeline.ModelActivation;
import org.refvlm.core.pipeline.OverlayRenderer;
import org.refvlm.core.pipeline.ResponseFiles;
import org.refvlm.cli.CommandLines;

/**
 * Shell command {@code refvlm:ask}: one request to the platform, written as JSON (with each depth
 * map as a 16-bit PNG beside it, {@link ResponseFiles}) and as an overlay picture. {@code --model DIR} first makes DIR the platform's model (its {@code llm/},
 * {@code clip-vit/}, {@code convnext/} and {@code projector.safetensors}), which persists.
 */
@Component(service = AskShellCommand.class, immediate = true,
        property = {"osgi.command.scope=refvlm", "osgi.command.function=ask"})
public final class AskShellCommand {

    private static final Duration MODEL_TIMEOUT = Duration.ofMinutes(3);

    private BundleContext context;

    @Reference
    private ConfigurationAdmin configAdmin;

    @Activate
    void activate(BundleContext context) {
        this.context = context;
    }

    @Descriptor("answer a prompt about an image; <region> in the prompt marks each --point/--box prompt")
    public void ask(CommandSession session, @Descriptor("see 'ask --help'") String... args) throws Exception {
        PrintStream out = session.getConsole();
        CliCommands.invoke((a, in, o, e) -> CommandLines.run(new AskArguments(arguments -> answer(arguments, o)), a, o, e),
                List.of(args), session.getKeyboard(), out, System.err);
    }

    private int answer(AskArguments a, PrintStream out) throws Exception {
        // Inputs and outputs are checked before the model runs: a typo fails at once.
        RgbImage image = RgbImage.read(a.image);
        OutputFiles.writable(a.out);
        if (a.overlay != null) {
            OutputFiles.writable(a.overlay);
        }
        ModelActivation models = new ModelActivation(configAdmin);
        java.util.Optional<Path> loaded = models.useOrDefault(a.model, dir -> out.println("using the default model " + dir));
        RefVlm refvlm = ModelActivation.await(context, MODEL_TIMEOUT, loaded.orElse(null));
        Request.Builder request = Request.builder(image, a.prompt).task(a.task);
        a.prompts().forEach(request::addVisualPrompt);
        Response response = a.answer != null
                ? refvlm.readAnswer(request.build(), a.answer)
                : refvlm.answer(request.build(), new GenerationOptions(a.maxTokens, a.temperature, 40, 0.75,
                        a.seed, Set.of()));
        List<Path> depthFiles = ResponseFiles.write(response, a.out);
        out.println(response.text());
        out.println(response.objects().size() + " referred object(s), " + response.problems().size()
                + " problem(s); JSON written to " + a.out);
        depthFiles.forEach(f -> out.println("depth map written to " + f + " (16-bit PNG, millimetres, 0 = unknown)"));
        if (a.overlay != null) {
            ImageIO.write(new OverlayRenderer().render(image, response.objects(), a.prompts()), "png", a.overlay.toFile());
            out.println("overlay written to " + a.overlay);
        }
        response.problems().forEach(p -> out.println("  problem: " + p));
        return CommandLines.OK;
    }
}
