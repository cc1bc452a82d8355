package org.refvlm.training.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Appends one JSON object per optimizer step to a JSON Lines file, flushed after every line so a
 * kill loses at most the line being written. Field names: step, loss, lr, grad_norm,
 * examples_per_s, elapsed_s (non-finite numbers are written as null, which JSON can hold).
 */
public final class MetricsLog implements AutoCloseable {
    private final BufferedWriter out;

    private MetricsLog(BufferedWriter out) {
        this.out = out;
    }

    /**
     * Opens {@code file} for appending after dropping every line of a step later than
     * {@code keepUpTo}: a resumed run redoes those steps, and the log must keep one line per step.
     * A torn last line (killed mid-write) is dropped too.
     */
    public static MetricsLog open(Path file, long keepUpTo) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        if (Files.exists(file)) {
            List<String> kept = new ArrayList<>();
            boolean changed = false;
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                long step = stepOf(line);
                if (step >= 0 && step <= keepUpTo) {
                    kept.add(line);
                } else {
                    changed = true;
                }
            }
            if (changed) {
                Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
                Files.write(tmp, kept, StandardCharsets.UTF_8);
                AtomicDirectory.fsync(tmp);
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return new MetricsLog(Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND));
    }

    private static long stepOf(String line) {
        try {
            JsonNode n = Json.MAPPER.readTree(line);
            return n != null && n.has("step") ? n.get("step").asLong() : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    public void append(long step, double loss, double lr, double gradNorm, double examplesPerSecond,
                       double elapsedSeconds) throws IOException {
        append(step, loss, lr, gradNorm, examplesPerSecond, elapsedSeconds, -1);
    }

    /** @param flops the step's counted floating-point work, or -1 when not counted (then not written) */
    public void append(long step, double loss, double lr, double gradNorm, double examplesPerSecond,
                       double elapsedSeconds, long flops) throws IOException {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("step", step);
        put(n, "loss", loss);
        put(n, "lr", lr);
        put(n, "grad_norm", gradNorm);
        put(n, "examples_per_s", examplesPerSecond);
        put(n, "elapsed_s", elapsedSeconds);
        if (flops >= 0) {
            n.put("flops", flops);
        }
        out.write(Json.MAPPER.writeValueAsString(n));
        out.newLine();
        out.flush();
    }

    private static void put(ObjectNode n, String key, double v) {
        if (Double.isFinite(v)) {
            n.put(key, v);
        } else {
            n.putNull(key);
        }
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
