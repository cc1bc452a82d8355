package org.refvlm.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.refvlm.tensor.safetensors.RawTensor;
import org.refvlm.tensor.safetensors.SafetensorsDType;
import org.refvlm.tensor.safetensors.SafetensorsFile;
import org.refvlm.tensor.safetensors.SafetensorsWriter;
import org.refvlm.tensor.safetensors.WeightLoader;
import org.refvlm.training.internal.AtomicDirectory;
import org.refvlm.training.internal.CrashPoint;
import org.refvlm.training.internal.FaultInjector;
import org.refvlm.training.internal.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Training checkpoints: one folder {@code step-NNNNNNNN} per checkpoint under a checkpoints
 * folder, holding
 * <ul>
 *   <li>{@code model.safetensors}: the trained parameters (frozen ones come from the recipe's
 *       initial weights and are not repeated every N steps);</li>
 *   <li>{@code optimizer.safetensors}: AdamW state, {@code m/<name>}, {@code v/<name>} and the
 *       I64 scalar {@code step/<name>};</li>
 *   <li>{@code trainer.json}: {@link CheckpointInfo} plus the size of every file.</li>
 * </ul>
 * Each folder is published atomically ({@link AtomicDirectory}): a folder under its real name is
 * complete, so a crash at any moment leaves the previous checkpoint, the new one, or both. The
 * newest {@code keep} checkpoints are kept and older ones pruned only after the new one is durable.
 */
public final class Checkpoint {
    private static final Logger LOG = LoggerFactory.getLogger(Checkpoint.class);
    public static final String MODEL = "model.safetensors";
    public static final String OPTIMIZER = "optimizer.safetensors";
    public static final String TRAINER = "trainer.json";
    private static final Pattern NAME = Pattern.compile("step-(\\d{8,})");
    private static final int FORMAT = 1;
    private static final NDIndex ALL = new NDIndex("...");

    private Checkpoint() {
    }

    /** Folder name of the checkpoint after {@code step} steps. */
    public static String folderName(long step) {
        return String.format("step-%08d", step);
    }

    /** Writes a checkpoint atomically and prunes all but the newest {@code keep}; returns its folder. */
    public static Path write(Path checkpoints, CheckpointInfo info, Map<String, NDArray> params, AdamW optimizer,
                             int keep) throws IOException {
        return write(checkpoints, info, params, optimizer, keep, FaultInjector.NONE);
    }

    static Path write(Path checkpoints, CheckpointInfo info, Map<String, NDArray> params, AdamW optimizer, int keep,
                      FaultInjector faults) throws IOException {
        // Copy everything to the host first: the engine arrays keep changing once training goes on.
        Map<String, RawTensor> model = new TreeMap<>();
        params.forEach((k, v) -> model.put(k, SafetensorsWriter.toRaw(v)));
        Map<String, RawTensor> opt = new TreeMap<>();
        optimizer.state().forEach((k, s) -> {
            opt.put("m/" + k, SafetensorsWriter.toRaw(s.m()));
            opt.put("v/" + k, SafetensorsWriter.toRaw(s.v()));
            opt.put("step/" + k, longScalar(s.step()));
        });
        Map<String, String> meta = SafetensorsWriter.metadata("format", "refvlm-training", "step",
                Long.toString(info.step()));
        Path dir = AtomicDirectory.publish(checkpoints, folderName(info.step()), tmp -> {
            SafetensorsWriter.writeRaw(tmp.resolve(MODEL), model, meta);
            faults.at(CrashPoint.FILE_WRITTEN);
            SafetensorsWriter.writeRaw(tmp.resolve(OPTIMIZER), opt, meta);
            faults.at(CrashPoint.FILE_WRITTEN);
            ObjectNode json = toJson(info);
            ObjectNode files = json.putObject("files");
            files.put(MODEL, Files.size(tmp.resolve(MODEL)));
            files.put(OPTIMIZER, Files.size(tmp.resolve(OPTIMIZER)));
            Files.write(tmp.resolve(TRAINER), Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(json));
        }, faults);
        LOG.info("checkpoint at step {} written to {}", info.step(), dir);
        prune(checkpoints, keep, faults);
        return dir;
    }

    /** Removes temporary and half-deleted folders a crash left behind. */
    public static int removeLeftovers(Path checkpoints) throws IOException {
        return AtomicDirectory.removeLeftovers(checkpoints);
    }

    /** Published checkpoint folders, oldest first. */
    public static List<Path> list(Path checkpoints) throws IOException {
        TreeMap<Long, Path> found = new TreeMap<>();
        if (Files.isDirectory(checkpoints)) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(checkpoints)) {
                for (Path p : ds) {
                    Matcher m = NAME.matcher(p.getFileName().toString());
                    if (m.matches() && Files.isDirectory(p)) {
                        found.put(Long.parseLong(m.group(1)), p);
                    }
                }
            }
        }
        return new ArrayList<>(found.values());
    }

    /**
     * The newest checkpoint that validates. Publication is atomic so the newest always should;
     * falling back guards against damage done after the fact (a truncated copy, a full disk).
     */
    public static Optional<Path> latest(Path checkpoints) throws IOException {
        List<Path> all = list(checkpoints);
        for (int i = all.size() - 1; i >= 0; i--) {
            try {
                read(all.get(i));
                return Optional.of(all.get(i));
            } catch (IOException | RuntimeException e) {
                LOG.warn("skipping damaged checkpoint {}: {}", all.get(i), e.toString());
            }
        }
        return Optional.empty();
    }

    /** Reads {@code trainer.json} and checks that every file is present with the recorded size. */
    public static CheckpointInfo read(Path dir) throws IOException {
        JsonNode json = Json.MAPPER.readTree(dir.resolve(TRAINER).toFile());
        if (json.path("format").asInt() != FORMAT) {
            throw new IOException("unknown checkpoint format in " + dir);
        }
        for (Map.Entry<String, JsonNode> f : json.path("files").properties()) {
            long size = Files.size(dir.resolve(f.getKey()));
            if (size != f.getValue().asLong()) {
                throw new IOException(f.getKey() + " in " + dir + " has " + size + " bytes, expected "
                        + f.getValue().asLong());
            }
        }
        JsonNode s = json.path("schedule");
        return new CheckpointInfo(json.path("step").asLong(), json.path("microBatches").asLong(),
                json.path("seed").asLong(),
                new LearningRateSchedule(s.path("peak").asDouble(), s.path("floor").asDouble(),
                        s.path("warmup").asLong(), s.path("total").asLong()),
                json.path("recipeHash").asText(), json.path("elapsedSeconds").asDouble());
    }

    /**
     * Restores a checkpoint into live parameters (in place, so every holder of the arrays sees
     * the values) and into the optimizer. Every name and shape is checked before anything is
     * changed. Returns the recorded position.
     */
    public static CheckpointInfo restore(Path dir, Map<String, NDArray> params, AdamW optimizer) throws IOException {
        CheckpointInfo info = read(dir);
        Map<String, Shape> shapes = new LinkedHashMap<>();
        params.forEach((k, v) -> shapes.put(k, v.getShape()));
        try (SafetensorsFile model = SafetensorsFile.open(dir.resolve(MODEL));
             SafetensorsFile opt = SafetensorsFile.open(dir.resolve(OPTIMIZER))) {
            WeightLoader.strict("checkpoint " + dir.getFileName()).withFloatType(null).check(model, shapes);
            for (String name : opt.names()) {
                String param = name.substring(name.indexOf('/') + 1);
                if (!params.containsKey(param)) {
                    throw new IOException("optimizer state for unknown parameter '" + param + "' in " + dir);
                }
            }
            for (Map.Entry<String, NDArray> e : params.entrySet()) {
                NDArray p = e.getValue();
                try (NDArray loaded = model.load(e.getKey(), p.getManager(), null);
                     NDArray alias = p.stopGradient()) {
                    // Written into the storage through a detached alias: the parameter keeps its
                    // identity and requires-grad flag, and the copy is never recorded. (copyTo would
                    // swap the alias's handle instead of writing the shared storage.)
                    alias.set(ALL, loaded);
                }
            }
            optimizer.reset();
            for (String name : opt.names()) {
                if (!name.startsWith("step/")) {
                    continue;
                }
                String param = name.substring(5);
                NDArray p = params.get(param);
                NDArray m = opt.load("m/" + param, p.getManager(), null);
                NDArray v = opt.load("v/" + param, p.getManager(), null);
                if (!m.getShape().equals(p.getShape())) {
                    throw new IOException("optimizer state of '" + param + "' has shape " + m.getShape()
                            + ", parameter has " + p.getShape());
                }
                optimizer.restore(param, m, v, opt.readLongs(name)[0]);
            }
        }
        LOG.info("resumed from {} (step {})", dir, info.step());
        return info;
    }

    private static void prune(Path checkpoints, int keep, FaultInjector faults) throws IOException {
        List<Path> all = list(checkpoints);
        for (int i = 0; i < all.size() - Math.max(1, keep); i++) {
            AtomicDirectory.retire(all.get(i), faults);
        }
    }

    private static ObjectNode toJson(CheckpointInfo info) {
        ObjectNode json = Json.MAPPER.createObjectNode();
        json.put("format", FORMAT);
        json.put("step", info.step());
        json.put("microBatches", info.microBatches());
        json.put("seed", info.seed());
        json.put("rng", "engine re-seeded from (seed, step) before every step; data from (seed, micro-batch index)");
        ObjectNode s = json.putObject("schedule");
        s.put("peak", info.schedule().peak());
        s.put("floor", info.schedule().floor());
        s.put("warmup", info.schedule().warmup());
        s.put("total", info.schedule().total());
        json.put("recipeHash", info.recipeHash());
        json.put("elapsedSeconds", info.elapsedSeconds());
        return json;
    }

    private static RawTensor longScalar(long value) {
        byte[] b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value).array();
        return new RawTensor(SafetensorsDType.I64, new long[0], b);
    }
}
