package org.refvlm.http.internal;

import java.io.PrintStream;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.refvlm.api.cli.CliCommands;
import org.refvlm.cli.CommandLines;
import org.refvlm.core.pipeline.ModelActivation;

/**
 * Shell command {@code refvlm:serve [--model DIR] [--port 8080] [--host 127.0.0.1] [--background]}:
 * makes sure a model is loaded (as {@code ask} does), turns the HTTP server on (loopback unless
 * told otherwise), prints where the page is and, the first time, the administration token; then
 * serves until the process is stopped, or, with {@code --background} (for the interactive
 * shell), returns at once.
 */
@Component(service = ServeCommand.class, immediate = true,
        property = {"osgi.command.scope=refvlm", "osgi.command.function=serve"})
public final class ServeCommand {

    private static final long START_TIMEOUT_MS = 30_000;
    private static final Duration MODEL_TIMEOUT = Duration.ofMinutes(3);

    @Reference
    private HttpServerSwitch server;

    @Reference
    private HttpApi api;

    @Reference
    private ConfigurationAdmin configAdmin;

    private BundleContext context;
    private final CountDownLatch stopped = new CountDownLatch(1);

    @Activate
    void activate(BundleContext context) {
        this.context = context;
    }

    @Deactivate
    void deactivate() {
        stopped.countDown();
    }

    @Descriptor("serve the HTTP API and the web page: serve [--model DIR] [--port N] [--host ADDRESS] [--background]")
    public void serve(CommandSession session, @Descriptor("see 'serve --help'") String... args) throws Exception {
        PrintStream out = session.getConsole();
        CliCommands.invoke((a, in, o, e) -> CommandLines.run(new ServeArguments(arguments -> serve(arguments, o)), a, o, e),
                List.of(args), session.getKeyboard(), out, System.err);
    }

    private int serve(ServeArguments a, PrintStream out) throws Exception {
        // The model first: a server that answers 503 to every question helps nobody.
        ModelActivation models = new ModelActivation(configAdmin);
        java.util.Optional<java.nio.file.Path> loaded = models.useOrDefault(a.model,
                dir -> out.println("using the default model " + dir));
        if (a.generationBatch != null) {
            models.generationBatch(a.generationBatch);
            api.admitAtLeast(a.generationBatch);
            out.println(a.generationBatch > 1 ? "generation batching: up to " + a.generationBatch + " requests per batch, "
                    + api.concurrentRequests() + " answered at once" : "generation batching: off");
        }
        ModelActivation.await(context, MODEL_TIMEOUT, loaded.orElse(null));
        server.on(a.host, a.port);
        String endpoint = server.awaitEndpoint(START_TIMEOUT_MS);
        boolean local = InetAddress.getByName(a.host).isLoopbackAddress();
        out.println("serving the refvlm API and page at " + endpoint + " ("
                + (local ? "this machine only" : "reachable from other hosts: every request needs the token") + ")");
        AdminToken token = api.token();
        if (token.generated()) {
            out.println("administration token (written to " + token.file() + ", shown only now): " + token.value());
        } else if (token.file() != null) {
            out.println("administration token: in " + token.file());
        }
        if (a.background) {
            return 0;
        }
        out.println("press Ctrl-C to stop");
        out.flush();
        stopped.await();
        return 0;
    }
}
