package org.refvlm.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.launch.Framework;
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
        boolean interactive = args.isEmpty();
        EmbeddedPlatform platform = EmbeddedPlatform.create(LauncherSettings.fromSystemProperties(), interactive);
        // Ctrl-C (or a kill) during a long command such as serve still stops the bundles, so they
        // deactivate cleanly (serve withdraws its HTTP configuration) and the cache is deleted.
        Thread onSignal = new Thread(() -> {
            try {
                platform.close();
            } catch (Exception e) {
                LOG.warn("stopping the framework at shutdown failed", e);
            }
        }, "refvlm-shutdown");
        Runtime.getRuntime().addShutdownHook(onSignal);
        try {
            try {
                platform.boot();
            } finally {
                platform.problems().forEach(p -> System.err.println("refvlm: " + p));
            }
            if (interactive && !platform.tensors().active()) {
                System.err.println("refvlm: the tensor runtime did not start: "
                        + (platform.tensors().failure() == null ? "see the log" : platform.tensors().failure()));
            }
            boolean terminal = interactive && System.console() != null;
            Framework framework = platform.framework();
            if (!interactive) {
                return platform.run(args.get(0), args.subList(1, args.size()), in, out, err);
            }
            platform.chooseConsole(terminal ? EmbeddedPlatform.LINE_EDITING_CONSOLE : EmbeddedPlatform.PLAIN_CONSOLE);
            platform.raiseStartLevel(EmbeddedPlatform.CONSOLE_START_LEVEL);
            if (terminal) {
                startLineEditingConsole(framework);
            }
            framework.waitForStop(0);
            return 0;
        } finally {
            platform.close();
            try {
                Runtime.getRuntime().removeShutdownHook(onSignal);
            } catch (IllegalStateException shuttingDown) {
                // the hook is already running or done
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
            if (EmbeddedPlatform.LINE_EDITING_CONSOLE.equals(b.getSymbolicName())) {
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
        // Where the platform's bundles find the runtime, the deploy folder and the state folder
        // (BundleContext.getProperty): the launcher's own, or a hosting JVM's (EmbeddedPlatform).
        for (String key : java.util.List.of("refvlm.runtime", "refvlm.deploy", "refvlm.state")) {
            config.put(key, vars.get(key));
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
