package org.refvlm.launcher;

import java.io.InputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A booted refvlm platform (Felix with the runtime's bundles) that runs shell commands, for the
 * launcher and for programs that host the platform in their own JVM, such as a Spark executor: they
 * share nothing with the bundles but the JDK and SLF4J, and talk to the platform through its shell
 * commands ({@link #run}), as a person does.
 *
 * <p>A JVM loads the PyTorch natives once: a second platform in the same JVM fails to start its tensor
 * runtime. Hosts keep one platform for the life of the JVM.
 */
public final class EmbeddedPlatform implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPlatform.class);
    private static final long READY_TIMEOUT_MS = 60_000;
    /** The console on a terminal: line editing, history and completion (jline 3). */
    static final String LINE_EDITING_CONSOLE = "org.apache.felix.gogo.jline";
    /** The console for piped input and one-shot commands: plain lines, no terminal to set up. */
    static final String PLAIN_CONSOLE = "org.apache.felix.gogo.shell";
    static final List<String> CONSOLES = List.of(LINE_EDITING_CONSOLE, PLAIN_CONSOLE);
    static final int CONSOLE_START_LEVEL = 2;

    private final Framework framework;
    private final Path cache;
    private final Map<String, String> config;
    private final Path deploy;
    private final boolean interactive;
    private final List<String> problems = new ArrayList<>();

    private EmbeddedPlatform(Framework framework, Path cache, Map<String, String> config, Path deploy, boolean interactive) {
        this.framework = framework;
        this.cache = cache;
        this.config = config;
        this.deploy = deploy;
        this.interactive = interactive;
    }

    /**
     * Boots the platform of {@code runtime} and waits until it can run commands.
     *
     * @param runtime the assembled runtime folder ({@code bundle/}, {@code conf/}, {@code engine/})
     * @param deploy  the drop-in folder for decoder bundles
     * @param state   where configuration (model choice, pins), logs and the framework cache live
     * @throws IllegalStateException naming what did not come up (a bundle, the tensor runtime)
     */
    public static EmbeddedPlatform start(Path runtime, Path deploy, Path state) throws Exception {
        return start(new LauncherSettings(runtime.toAbsolutePath().normalize(), deploy.toAbsolutePath().normalize(),
                state.toAbsolutePath().normalize()));
    }

    /** As {@link #start(Path, Path, Path)}, from the launcher's settings. */
    static EmbeddedPlatform start(LauncherSettings settings) throws Exception {
        EmbeddedPlatform platform = create(settings, false);
        try {
            platform.boot();
            return platform;
        } catch (Exception | Error e) {
            platform.close();
            throw e;
        }
    }

    /** The platform's framework, made but not started: the launcher installs its shutdown hook in between. */
    static EmbeddedPlatform create(LauncherSettings settings, boolean interactive) throws Exception {
        if (!Files.isRegularFile(settings.configFile())) {
            throw new IllegalStateException(settings.runtime() + " is not a refvlm runtime: it has no conf/config.properties");
        }
        Files.createDirectories(settings.deploy());
        Files.createDirectories(settings.state());
        Path cache = new FrameworkCaches(settings.state()).forThisProcess();
        Map<String, String> config = Main.frameworkConfig(settings, cache, interactive);
        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class, EmbeddedPlatform.class.getClassLoader())
                .findFirst().orElseThrow(() -> new IllegalStateException("no OSGi framework on the class path"));
        return new EmbeddedPlatform(factory.newFramework(config), cache, config, settings.deploy(), interactive);
    }

    /**
     * Starts the bundles and waits until the platform can run commands. Bundles that did not start are
     * logged and kept in {@link #problems()}.
     *
     * @throws IllegalStateException when the platform did not become ready, or (unless interactive) its
     *                               tensor runtime did not start
     */
    void boot() throws Exception {
        framework.init();
        AutoProcessor.process(new HashMap<>(config), framework.getBundleContext());
        holdBackConsole();
        framework.start();
        Readiness readiness = new Readiness(framework.getBundleContext(), deploy);
        String missing = readiness.await(READY_TIMEOUT_MS);
        problems.addAll(failedBundles());
        for (String jar : readiness.deployPending()) {
            problems.add("deploy/" + jar + " is not running (not a bundle, or it cannot resolve: see the log)");
        }
        problems.forEach(p -> LOG.warn("{}", p));
        LOG.info("platform ready {} ms after the JVM started", System.currentTimeMillis()
                - ManagementFactory.getRuntimeMXBean().getStartTime());
        if (!missing.isEmpty()) {
            throw new IllegalStateException("the platform did not become ready: waiting for " + missing);
        }
        TensorRuntimeState.State tensors = tensors();
        if (!tensors.active() && !interactive) {
            // A device or libtorch the runtime cannot use is a configuration error: say so before
            // any command runs (an interactive shell stays open for an administrator to look).
            throw new IllegalStateException("the tensor runtime did not start: "
                    + (tensors.failure() == null ? "see the log" : tensors.failure()));
        }
    }

    /** What went wrong at boot without stopping it: bundles not active, deploy/ jars not running. */
    List<String> problems() {
        return List.copyOf(problems);
    }

    /** The bundles that failed to start, one line each ("bundle 12 org.refvlm.x is not active"). */
    List<String> failedBundles() {
        List<String> failed = new ArrayList<>();
        for (Bundle b : framework.getBundleContext().getBundles()) {
            boolean fragment = b.getHeaders().get(Constants.FRAGMENT_HOST) != null;
            boolean console = CONSOLES.contains(b.getSymbolicName());
            if (b.getBundleId() != 0 && !fragment && !console
                    && b.getState() != Bundle.ACTIVE && b.getState() != Bundle.STARTING) {
                failed.add("bundle " + b.getBundleId() + " " + b.getSymbolicName() + " is not active");
            }
        }
        return failed;
    }

    /** Whether the tensor runtime is up, and if not, why (for the interactive launcher's message). */
    TensorRuntimeState.State tensors() {
        return new TensorRuntimeState(framework.getBundleContext()).state();
    }

    Framework framework() {
        return framework;
    }

    /**
     * Starts the plain console (no terminal) a level above the bundles, for {@link #run}: the shell
     * commands' processor comes with it. Done once, before the first command.
     */
    synchronized void openPlainConsole() throws BundleException, InterruptedException {
        if (framework.adapt(FrameworkStartLevel.class).getStartLevel() >= CONSOLE_START_LEVEL) {
            return;
        }
        chooseConsole(PLAIN_CONSOLE);
        raiseStartLevel(CONSOLE_START_LEVEL);
    }

    /**
     * Runs one shell command, as {@code bin/refvlm <command> <args>} does; its output goes to
     * {@code out} and {@code err}. Commands may run one after another; each sees the platform as the
     * previous one left it (model, pins).
     *
     * @return 0 when the command succeeded, 2 when it is unknown or its arguments are wrong, else 1 or
     *         the command's own status
     */
    public int run(String command, List<String> args, InputStream in, PrintStream out, PrintStream err) throws Exception {
        openPlainConsole();
        return new ShellRunner(framework.getBundleContext()).run(command, args, in, out, err);
    }

    /** Stops the bundles (so they deactivate cleanly) and removes the framework cache. */
    @Override
    public void close() throws BundleException, InterruptedException {
        try {
            if ((framework.getState() & (Bundle.STARTING | Bundle.ACTIVE | Bundle.STOPPING)) != 0) {
                framework.stop();
                framework.waitForStop(10_000);
            }
        } finally {
            FrameworkCaches.deleteTree(cache);
        }
    }

    /**
     * The console bundle starts one start level after everything else, once the platform is
     * ready: otherwise typed (or piped) commands race the bundles that provide them.
     */
    private void holdBackConsole() {
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
    void chooseConsole(String console) throws BundleException {
        for (Bundle b : framework.getBundleContext().getBundles()) {
            // The line-editing console is started by hand (Main.startLineEditingConsole).
            if (CONSOLES.contains(b.getSymbolicName()) && (!console.equals(b.getSymbolicName())
                    || LINE_EDITING_CONSOLE.equals(console))) {
                b.stop();
            }
        }
    }

    /** Raises the framework start level and waits until the bundles of that level have started. */
    void raiseStartLevel(int level) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        framework.adapt(FrameworkStartLevel.class).setStartLevel(level, event -> done.countDown());
        done.await();
    }
}
