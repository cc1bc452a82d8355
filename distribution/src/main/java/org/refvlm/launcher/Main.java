package org.refvlm.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.concurrent.CountDownLatch;
import org.apache.felix.main.AutoProcessor;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.startlevel.FrameworkStartLevel;
import org.osgi.framework.wiring.BundleWiring;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code bin/refvlm} boots Felix with the refvlm bundles. Without arguments it opens the
 * interactive Gogo shell; with arguments it runs that one shell command, prints its output and
 * exits 0 on success, 1 when the command failed, 2 when the command is unknown.
 */
public final class Main {

    private static final Logger LOG = LoggerFactory.getLogger(Main.class);
    private static final long READY_TIMEOUT_MS = 60_000;
    /** The console on a terminal: line editing, history and completion (jline 3). */
    private static final String LINE_EDITING_CONSOLE = "org.apache.felix.gogo.jline";
    /** The console for piped input and one-shot commands: plain lines, no terminal to set up. */
    private static final String PLAIN_CONSOLE = "org.apache.felix.gogo.shell";
    private static final List<String> CONSOLES = List.of(LINE_EDITING_CONSOLE, PLAIN_CONSOLE);
    private static final int CONSOLE_START_LEVEL = 2;

    private Main() {
    }

    public static void main(String[] args) {
        int status;
        try {
            status = run(List.of(args));
        } catch (Exception e) {
            System.err.println("refvlm: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            status = 1;
        }
        System.out.flush();
        System.exit(status);
    }

    static int run(List<String> args) throws Exception {
        // The streams as they are before Gogo replaces System.out/err with its per-session
        // multiplexer: a session writing to that multiplexer would write to itself.
        InputStream in = System.in;
        PrintStream out = System.out;
        PrintStream err = System.err;
        LauncherSettings settings = LauncherSettings.fromSystemProperties();
        boolean interactive = args.isEmpty();
        Files.createDirectories(settings.deploy());
        Files.createDirectories(settings.state());
        Path cache = new FrameworkCaches(settings.state()).forThisProcess();

        Map<String, String> config = frameworkConfig(settings, cache, interactive);
        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class).findFirst()
                .orElseThrow(() -> new IllegalStateException("no OSGi framework on the class path"));
        Framework framework = factory.newFramework(config);
        // Ctrl-C (or a kill) during a long command such as serve still stops the bundles, so they
        // deactivate cleanly (serve withdraws its HTTP configuration) and the cache is deleted.
        Thread onSignal = new Thread(() -> {
            try {
                stop(framework);
                FrameworkCaches.deleteTree(cache);
            } catch (Exception e) {
                LOG.warn("stopping the framework at shutdown failed", e);
            }
        }, "refvlm-shutdown");
        Runtime.getRuntime().addShutdownHook(onSignal);
        try {
            framework.init();
            AutoProcessor.process(new HashMap<>(config), framework.getBundleContext());
            holdBackConsole(framework);
            framework.start();
            Readiness readiness = new Readiness(framework.getBundleContext(), settings.deploy());
            String missing = readiness.await(READY_TIMEOUT_MS);
            reportFailedBundles(framework);
            for (String jar : readiness.deployPending()) {
                System.err.println("refvlm: deploy/" + jar + " is not running (not a bundle, or it cannot resolve: see the log)");
            }
            LOG.info("platform ready {} ms after the JVM started", System.currentTimeMillis()
                    - ManagementFactory.getRuntimeMXBean().getStartTime());
            if (!missing.isEmpty()) {
                System.err.println("refvlm: the platform did not become ready: waiting for " + missing);
                return 1;
            }
            TensorRuntimeState.State tensors = new TensorRuntimeState(framework.getBundleContext()).state();
            if (!tensors.active()) {
                // A device or libtorch the runtime cannot use is a configuration error: say so
                // before any command runs; the shell stays open for an administrator to look.
                System.err.println("refvlm: the tensor runtime did not start: "
                        + (tensors.failure() == null ? "see the log" : tensors.failure()));
                if (!interactive) {
                    return 1;
                }
            }
            boolean terminal = interactive && System.console() != null;
            chooseConsole(framework, terminal ? LINE_EDITING_CONSOLE : PLAIN_CONSOLE);
            raiseStartLevel(framework, CONSOLE_START_LEVEL);
            if (terminal) {
                startLineEditingConsole(framework);
            }
            if (interactive) {
                framework.waitForStop(0);
                return 0;
            }
            return new ShellRunner(framework.getBundleContext())
                    .run(args.get(0), args.subList(1, args.size()), in, out, err);
        } finally {
            stop(framework);
            FrameworkCaches.deleteTree(cache);
            try {
                Runtime.getRuntime().removeShutdownHook(onSignal);
            } catch (IllegalStateException shuttingDown) {
                // the hook is already running or done
            }
        }
    }

    /**
     * The console bundle starts one start level after everything else, once the platform is
     * ready: otherwise typed (or piped) commands race the bundles that provide them.
     */
    private static void holdBackConsole(Framework framework) {
        for (Bundle b : framework.getBundleContext().getBundles()) {
            if (CONSOLES.contains(b.getSymbolicName())) {
                b.adapt(BundleStartLevel.class).setStartLevel(CONSOLE_START_LEVEL);
            }
        }
    }

    /**
     * One console starts: the line-editing one when a person types at a terminal; the plain one
     * when commands are piped in or one command runs (a jline terminal on a pipe is a "dumb"
     * terminal, which warns on stderr and cannot run its profile).
     */
    private static void chooseConsole(Framework framework, String console) throws BundleException {
        for (Bundle b : framework.getBundleContext().getBundles()) {
            // The line-editing console is started by hand, see startLineEditingConsole.
            if (CONSOLES.contains(b.getSymbolicName()) && (!console.equals(b.getSymbolicName())
                    || LINE_EDITING_CONSOLE.equals(console))) {
                b.stop();
            }
        }
    }

    /**
     * jline finds its terminal providers (the native terminal) through the thread context class
     * loader; in OSGi that loader must be jline's bundle's, or jline falls back to a "dumb"
     * terminal without line editing. The console's shell thread inherits the loader of the thread
     * that starts the bundle, so it is started here, with that loader.
     */
    private static void startLineEditingConsole(Framework framework) throws BundleException {
        Bundle console = null;
        ClassLoader jline = null;
        for (Bundle b : framework.getBundleContext().getBundles()) {
            if (LINE_EDITING_CONSOLE.equals(b.getSymbolicName())) {
                console = b;
            } else if ("org.jline".equals(b.getSymbolicName()) && b.adapt(BundleWiring.class) != null) {
                jline = b.adapt(BundleWiring.class).getClassLoader();
            }
        }
        if (console == null) {
            return;
        }
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(jline != null ? jline : previous);
        try {
            console.start();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** Raises the framework start level and waits until the bundles of that level have started. */
    private static void raiseStartLevel(Framework framework, int level) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        framework.adapt(FrameworkStartLevel.class).setStartLevel(level, event -> done.countDown());
        done.await();
    }

    /** Bundles that failed to start are named on stderr, so a broken platform says so at once. */
    private static void reportFailedBundles(Framework framework) {
        for (Bundle b : framework.getBundleContext().getBundles()) {
            boolean fragment = b.getHeaders().get(Constants.FRAGMENT_HOST) != null;
            boolean console = CONSOLES.contains(b.getSymbolicName());
            if (b.getBundleId() != 0 && !fragment && !console
                    && b.getState() != Bundle.ACTIVE && b.getState() != Bundle.STARTING) {
                System.err.println("refvlm: bundle " + b.getBundleId() + " " + b.getSymbolicName() + " is not active");
            }
        }
    }

    private static void stop(Framework framework) throws BundleException, InterruptedException {
        if ((framework.getState() & (Bundle.STARTING | Bundle.ACTIVE | Bundle.STOPPING)) != 0) {
            framework.stop();
            framework.waitForStop(10_000);
        }
    }

    /** conf/config.properties with ${...} replaced from the launcher's settings and system properties. */
    static Map<String, String> frameworkConfig(LauncherSettings s, Path cache, boolean interactive) throws IOException {
        Properties p = new Properties();
        try (var in = Files.newInputStream(s.configFile())) {
            p.load(in);
        }
        Map<String, String> vars = new HashMap<>();
        System.getProperties().forEach((k, v) -> vars.put(k.toString(), v.toString()));
        vars.put("refvlm.runtime", s.runtime().toString());
        vars.put("refvlm.deploy", s.deploy().toString());
        vars.put("refvlm.state", s.state().toString());
        vars.put("refvlm.cache", cache.toString());
        Map<String, String> config = new HashMap<>();
        for (String key : p.stringPropertyNames()) {
            config.put(key, substitute(p.getProperty(key), vars));
        }
        // One-shot commands must not open a console that competes for stdin.
        config.put("gosh.args", interactive ? "" : "--nointeractive");
        // SCR logs its diagnostics (why a component did not activate) through the OSGi Log
        // Service, which the platform forwards to its log (var/refvlm.log), in one-shot runs too.
        config.putIfAbsent("ds.loglevel", "warn");
        return config;
    }

    static String substitute(String value, Map<String, String> vars) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < value.length()) {
            int start = value.indexOf("${", i);
            if (start < 0) {
                out.append(value, i, value.length());
                break;
            }
            int end = value.indexOf('}', start);
            if (end < 0) {
                throw new IllegalArgumentException("unclosed ${ in configuration value: " + value);
            }
            String key = value.substring(start + 2, end);
            String v = vars.get(key);
            if (v == null) {
                throw new IllegalArgumentException("configuration refers to ${" + key + "}, which is not set");
            }
            out.append(value, i, start).append(v);
            i = end + 1;
        }
        return out.toString();
    }
}
