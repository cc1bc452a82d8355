package org.refvlm.spark.eval;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.refvlm.launcher.EmbeddedPlatform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The refvlm platform of this JVM: booted from the runtime folder on first use and kept until the JVM
 * exits, so an executor loads the bundles, the PyTorch natives and the model once, whatever the number of
 * tasks it runs. Nothing of the platform's is on the executor's class path: it is reached through its
 * shell commands, as {@code bin/refvlm} reaches it.
 *
 * <p>Commands run one at a time: one platform generates with all of the executor's cores (PyTorch's
 * threads), and two evaluations pinning decoders would undo each other's pins.
 */
public final class ExecutorPlatform {

    private static final Logger LOG = LoggerFactory.getLogger(ExecutorPlatform.class);
    /** What DJL reads from the environment (only) to find the runtime's PyTorch; bin/refvlm-spark sets them. */
    static final List<String> NATIVE_ENVIRONMENT = List.of("PYTORCH_LIBRARY_PATH", "PYTORCH_VERSION", "PYTORCH_FLAVOR",
            "ENGINE_CACHE_DIR");

    private static EmbeddedPlatform platform;
    private static Path runtimeInUse;

    private ExecutorPlatform() {
    }

    /** A command's exit status and what it printed. */
    public record Result(int status, String out, String err) {
        /** The last lines of what the command printed, for an error message. */
        public String tail(int lines) {
            List<String> all = (out + err).lines().toList();
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        }
    }

    /** As {@link #run(String, String, List, Consumer)}, its output kept but not followed. */
    public static Result run(String runtime, String command, List<String> args) throws Exception {
        return run(runtime, command, args, line -> { });
    }

    /**
     * Runs {@code refvlm:<command> <args>} on this JVM's platform, booting it from {@code runtime} (resolved
     * on this machine) first if needed.
     *
     * @param lines hears each line the command prints on its standard output, as it prints it
     * @throws IllegalStateException when the platform cannot start, naming why
     */
    public static synchronized Result run(String runtime, String command, List<String> args, Consumer<String> lines)
            throws Exception {
        EmbeddedPlatform p = platform(Path.of(runtime).toAbsolutePath().normalize());
        LineTap out = new LineTap(lines);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            status = p.run(command, args, new ByteArrayInputStream(new byte[0]), o, e);
        }
        return new Result(status, out.text(), err.toString(StandardCharsets.UTF_8));
    }

    private static EmbeddedPlatform platform(Path runtime) throws Exception {
        if (platform != null) {
            if (!runtime.equals(runtimeInUse)) {
                throw new IllegalStateException("this JVM's platform runs from " + runtimeInUse + ", not " + runtime
                        + ": one JVM loads one runtime's natives");
            }
            return platform;
        }
        if (!Files.isDirectory(runtime.resolve("bundle"))) {
            throw new IllegalStateException(runtime + " is not a refvlm runtime (no bundle/ folder): build it with "
                    + "bin/refvlm-spark, or give --runtime the folder every executor has (docs/spark.md)");
        }
        Map<String, String> env = System.getenv();
        List<String> missing = NATIVE_ENVIRONMENT.stream().filter(k -> env.get(k) == null || env.get(k).isBlank()).toList();
        if (!missing.isEmpty()) {
            throw new IllegalStateException("this JVM's environment lacks " + missing + ", which tell DJL where the "
                    + "runtime's PyTorch is: bin/refvlm-spark sets them; with spark-submit set them for the executors "
                    + "(spark.executorEnv.<NAME>) and for the driver, which scores (its shell in client mode; "
                    + "spark.yarn.appMasterEnv.<NAME> or spark.kubernetes.driverEnv.<NAME> in cluster mode): docs/spark.md");
        }
        Path state = Files.createTempDirectory("refvlm-platform-");
        LOG.info("booting the refvlm platform from {} (state in {})", runtime, state);
        EmbeddedPlatform booted = EmbeddedPlatform.start(runtime, state.resolve("deploy"), state);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                booted.close();
            } catch (Exception e) {
                LOG.warn("stopping the refvlm platform failed", e);
            }
            deleteTree(state);
        }, "refvlm-platform-stop"));
        platform = booted;
        runtimeInUse = runtime;
        return platform;
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.warn("could not delete {}", dir, e);
        }
    }
}
