package org.refvlm.browser;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code bin/refvlm serve} of the assembled runtime as a separate process, as a user starts it:
 * its own state and deploy folders, a free port, stopped with SIGTERM as Ctrl-C would.
 */
final class ServedPlatform implements AutoCloseable {

    private static final long START_TIMEOUT_MS = 180_000;

    private final Process process;
    private final Path state;
    private final Path output;
    private final int port;

    private ServedPlatform(Process process, Path state, Path output, int port) {
        this.process = process;
        this.state = state;
        this.output = output;
        this.port = port;
    }

    static String required(String key) {
        String v = System.getProperty(key);
        if (v == null) {
            throw new IllegalStateException("system property " + key + " is not set (run these tests through Maven)");
        }
        return v;
    }

    static ServedPlatform start(String name) throws Exception {
        Path work = Files.createDirectories(Path.of(required("refvlm.it.work")).resolve(name));
        Path state = Files.createTempDirectory(work, "state");
        Path deploy = Files.createTempDirectory(work, "deploy");
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        ProcessBuilder pb = new ProcessBuilder("bash", Path.of(required("refvlm.it.runtime")).resolve("bin/refvlm").toString(),
                "serve", "--port", String.valueOf(port), "--model", required("refvlm.it.model"));
        pb.environment().put("REFVLM_STATE", state.toString());
        pb.environment().put("REFVLM_DEPLOY", deploy.toString());
        Path output = state.resolve("serve-output.txt");
        pb.redirectErrorStream(true).redirectOutput(output.toFile());
        ServedPlatform served = new ServedPlatform(pb.start(), state, output, port);
        served.awaitServing();
        return served;
    }

    private void awaitServing() throws Exception {
        long end = System.currentTimeMillis() + START_TIMEOUT_MS;
        while (System.currentTimeMillis() < end) {
            String out = Files.readString(output, UTF_8);
            if (out.contains("press Ctrl-C to stop")) {
                return;
            }
            if (!process.isAlive()) {
                throw new AssertionError("bin/refvlm serve exited with " + process.exitValue() + ":\n" + out);
            }
            Thread.sleep(100);
        }
        close();
        throw new AssertionError("bin/refvlm serve did not start within " + START_TIMEOUT_MS / 1000 + " s:\n"
                + Files.readString(output, UTF_8));
    }

    String url() {
        return "http://127.0.0.1:" + port + "/";
    }

    String token() throws IOException {
        return Files.readString(state.resolve("http-token"), UTF_8).trim();
    }

    String output() throws IOException {
        return Files.readString(output, UTF_8);
    }

    /** The configurations left in the state folder (serve removes its own HTTP one when it stops). */
    List<Path> configurations() throws IOException {
        try (var files = Files.walk(state.resolve("config"))) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    @Override
    public void close() throws Exception {
        process.destroy();   // SIGTERM, as Ctrl-C
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("bin/refvlm serve did not stop within 30 s of SIGTERM");
        }
    }
}
