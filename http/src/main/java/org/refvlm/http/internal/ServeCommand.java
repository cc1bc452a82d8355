package org.refvlm.http.internal;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Reference;
import org.refvlm.api.cli.ExitStatusException;
import org.refvlm.core.pipeline.ModelActivation;

/**
 * Shell command {@code refvlm:serve [--model DIR] [--port 8080] [--host 127.0.0.1] [--background]}:
 * makes sure a model is loaded (as {@code ask} does), turns the HTTP server on (loopback unless told otherwise), prints where the page is and, the first time,
 * the administration token; then serves until the process is stopped, or, with
 * {@code --background} (for the interactive shell), returns at once.
 */
@Component(service = ServeCommand.class, immediate = true,
        property = {"osgi.command.scope=refvlm", "osgi.command.function=serve"})
public final class ServeCommand {

    static final String USAGE = "usage: serve [--model DIR] [--port N] [--host ADDRESS] [--background]\n"
            + "  --model       make DIR the platform's model first (default: the configured model, else the default one)\n"
            + "  --port        TCP port (default 8080)\n"
            + "  --host        address to listen on (default 127.0.0.1, this machine only)\n"
            + "  --background  return to the shell while serving (default: serve until stopped)";
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

    @Descriptor("serve the HTTP API and the web page: serve [--port N] [--host ADDRESS] [--background]")
    public void serve(CommandSession session, @Descriptor("options") String... args) throws Exception {
        PrintStream out = session.getConsole();
        int port = 8080;
        String host = "127.0.0.1";
        boolean background = false;
        Path model = null;
        List<String> a = List.of(args);
        for (int i = 0; i < a.size(); i++) {
            switch (a.get(i)) {
                case "--help", "-h" -> {
                    out.println(USAGE);
                    return;
                }
                case "--background" -> background = true;
                case "--port", "--host", "--model" -> {
                    if (i + 1 >= a.size()) {
                        throw usage(a.get(i) + " needs a value");
                    }
                    String v = a.get(++i);
                    if (a.get(i - 1).equals("--host")) {
                        host = v;
                    } else if (a.get(i - 1).equals("--model")) {
                        model = Path.of(v);
                    } else {
                        try {
                            port = Integer.parseInt(v);
                        } catch (NumberFormatException e) {
                            throw usage("--port takes a number, got '" + v + "'");
                        }
                    }
                }
                default -> throw usage("unknown option '" + a.get(i) + "'");
            }
        }
        // The model first: a server that answers 503 to every question helps nobody.
        ModelActivation models = new ModelActivation(configAdmin);
        if (model != null) {
            models.use(model);
        } else {
            models.useDefaultIfNone().ifPresent(dir -> out.println("using the default model " + dir));
        }
        ModelActivation.await(context, MODEL_TIMEOUT);
        server.on(host, port);
        String endpoint = server.awaitEndpoint(START_TIMEOUT_MS);
        out.println("serving the refvlm API and page at " + endpoint + " (" + (host.startsWith("127.") || host.equals("localhost")
                ? "this machine only" : "reachable from other hosts: every request needs the token") + ")");
        AdminToken token = api.token();
        if (token.generated()) {
            out.println("administration token (written to " + token.file() + ", shown only now): " + token.value());
        } else if (token.file() != null) {
            out.println("administration token: in " + token.file());
        }
        if (background) {
            return;
        }
        out.println("press Ctrl-C to stop");
        stopped.await();
    }

    private static ExitStatusException usage(String problem) {
        System.err.println("serve: " + problem);
        System.err.println(USAGE);
        return new ExitStatusException(2, null);
    }
}
