package org.refvlm.nn;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * What {@link NativeConvolutionCheck} found, kept for the launcher: one line per oneDNN instruction
 * set tried on this CPU ({@code default=wrong}, {@code SSE41=right}), under the CPU's identity
 * ({@code cpu=...}, from the launcher). The launcher reads it before the next start, because oneDNN
 * takes {@value NativeConvolutionCheck#ISA_VARIABLE} from the environment when it first runs and
 * nothing inside the process can change it afterwards: where the default kernels were found wrong
 * and SSE4.1 has not been, it starts the next run with SSE4.1 (README, "Running on a GPU").
 *
 * <p>The file is a plain key=value list, replaced atomically; a record made on another CPU is
 * started afresh. Losing it costs only speed, so a failure to write is logged, never thrown.
 */
final class ConvolutionCheckRecord {

    /** The system property naming the record file; without it nothing is written. */
    static final String FILE_PROPERTY = "refvlm.nn.checkRecord";
    /** The system property with the CPU's identity, as the launcher computes it. */
    static final String CPU_PROPERTY = "refvlm.cpu";
    /** The key for a run without {@value NativeConvolutionCheck#ISA_VARIABLE}. */
    static final String DEFAULT_ISA = "default";

    private ConvolutionCheckRecord() {
    }

    /**
     * The record's lines after a check under {@code isa} (null or blank: the default) that was
     * {@code right} or not, on the CPU {@code cpu}; {@code before} is the record read from the file.
     */
    static Map<String, String> updated(Map<String, String> before, String cpu, String isa, boolean right) {
        Map<String, String> lines = new TreeMap<>();
        String id = cpu == null ? "" : cpu.strip();
        if (id.equals(before.get("cpu"))) {
            lines.putAll(before);
        }
        lines.put("cpu", id);
        lines.put(isa == null || isa.isBlank() ? DEFAULT_ISA : isa.strip(), right ? "right" : "wrong");
        return lines;
    }

    /** Reads the record; an absent or unreadable file is an empty record. */
    static Map<String, String> read(Path file) {
        Map<String, String> lines = new TreeMap<>();
        if (!Files.isRegularFile(file)) {
            return lines;
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException | IllegalArgumentException e) {
            return lines;
        }
        p.stringPropertyNames().forEach(k -> lines.put(k, p.getProperty(k)));
        return lines;
    }

    /** Writes {@code lines} to {@code file} through a temporary file in the same folder, then a move. */
    static void write(Path file, Map<String, String> lines) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
        try {
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                w.write("# Whether libtorch's oneDNN convolutions were right on this CPU, by "
                        + NativeConvolutionCheck.ISA_VARIABLE + " (written by the convolution check, read by bin/refvlm)\n");
                for (Map.Entry<String, String> e : lines.entrySet()) {
                    w.write(e.getKey() + "=" + e.getValue() + "\n");
                }
            }
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
