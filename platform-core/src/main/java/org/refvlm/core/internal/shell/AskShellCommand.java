package org.refvlm.core.internal.shell;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.refvlm.api.RefVlm;
import org.refvlm.api.Request;
import org.refvlm.api.Response;
import org.refvlm.api.RgbImage;
import org.refvlm.api.cli.ExitStatusException;
import org.refvlm.api.model.GenerationOptions;
import org.refvlm.core.pipeline.OverlayRenderer;
import org.refvlm.core.pipeline.ResponseJson;

/**
 * Shell command {@code refvlm:ask}: one request to the platform, written as JSON and as an
 * overlay picture. {@code --model DIR} first makes DIR the platform's model (its {@code llm/},
 * {@code clip-vit/}, {@code convnext/} and {@code projector.safetensors}), which persists.
 */
@Component(service = AskShellCommand.class, immediate = true,
        property = {"osgi.command.scope=refvlm", "osgi.command.function=ask"})
public final class AskShellCommand {

    static final String USAGE = "usage: ask [--model DIR] --image FILE --prompt TEXT [--point X,Y]... [--box X0,Y0,X1,Y1]...\n"
            + "           [--answer TRP] [--max-tokens N] [--temperature T] [--seed S] --out RESULT.json [--overlay OUT.png]";
    private static final long MODEL_TIMEOUT_MS = 180_000;

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
        AskArguments a;
        try {
            a = AskArguments.parse(List.of(args));
        } catch (IllegalArgumentException e) {
            System.err.println("ask: " + e.getMessage());
            System.err.println(USAGE);
            throw new ExitStatusException(2, null);
        }
        if (a.help()) {
            out.println(USAGE);
            return;
        }
        if (a.model() != null) {
            useModel(a.model());
        }
        RefVlm refvlm = awaitModel();
        BufferedImageSource image = BufferedImageSource.read(a.image());
        Request.Builder request = Request.builder(image.rgb(), a.prompt());
        a.prompts().forEach(request::addVisualPrompt);
        Response response = a.answer() != null
                ? refvlm.readAnswer(request.build(), a.answer())
                : refvlm.answer(request.build(), new GenerationOptions(a.maxTokens(), a.temperature(), 40, 0.75,
                        a.seed(), Set.of()));
        Files.writeString(a.out(), ResponseJson.write(response));
        out.println(response.text());
        out.println(response.objects().size() + " referred object(s), " + response.problems().size()
                + " problem(s); JSON written to " + a.out());
        if (a.overlay() != null) {
            ImageIO.write(new OverlayRenderer().render(image.rgb(), response.objects()), "png", a.overlay().toFile());
            out.println("overlay written to " + a.overlay());
        }
        response.problems().forEach(p -> out.println("  problem: " + p));
    }

    /** Points the model configurations at the parts of a model folder. */
    private void useModel(Path dir) throws IOException {
        if (!Files.isDirectory(dir.resolve("llm")) || !Files.isDirectory(dir.resolve("clip-vit"))
                || !Files.isRegularFile(dir.resolve("projector.safetensors"))) {
            throw new IllegalArgumentException(dir + " is not a model folder: it needs llm/, clip-vit/ and projector.safetensors");
        }
        configure("org.refvlm.llm", "path", dir.resolve("llm"), "name", dir.getFileName().toString());
        configure("org.refvlm.encoder.clipvit", "path", dir.resolve("clip-vit"));
        if (Files.isDirectory(dir.resolve("convnext"))) {
            configure("org.refvlm.encoder.convnext", "path", dir.resolve("convnext"));
        } else {
            configAdmin.getConfiguration("org.refvlm.encoder.convnext", "?").delete();
        }
        configure("org.refvlm.pipeline", "projector", dir.resolve("projector.safetensors"));
    }

    private void configure(String pid, String key, Path value, String... more) throws IOException {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(key, value.toAbsolutePath().toString());
        for (int i = 0; i + 1 < more.length; i += 2) {
            props.put(more[i], more[i + 1]);
        }
        configAdmin.getConfiguration(pid, "?").updateIfDifferent(props);
    }

    private RefVlm awaitModel() throws InterruptedException {
        long end = System.currentTimeMillis() + MODEL_TIMEOUT_MS;
        while (true) {
            ServiceReference<RefVlm> ref = context.getServiceReference(RefVlm.class);
            if (ref != null) {
                RefVlm service = context.getService(ref);
                if (service != null) {
                    return service;
                }
            }
            if (System.currentTimeMillis() > end) {
                throw new IllegalStateException("no model is loaded: give --model DIR, or see var/refvlm.log for why "
                        + "the configured one did not load");
            }
            Thread.sleep(100);
        }
    }

    /** The request image, read once. */
    private record BufferedImageSource(RgbImage rgb) {
        static BufferedImageSource read(Path file) throws IOException {
            java.awt.image.BufferedImage img = ImageIO.read(file.toFile());
            if (img == null) {
                throw new IOException(file + " is not an image this platform can read (PNG, JPEG, BMP, GIF)");
            }
            return new BufferedImageSource(RgbImage.of(img));
        }
    }
}
