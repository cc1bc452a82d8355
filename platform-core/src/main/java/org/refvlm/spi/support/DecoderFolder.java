package org.refvlm.spi.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.Function;
import org.refvlm.spi.TrainableDecoder;

/**
 * The on-disk form of a trained decoder: a folder with {@code config.json} (the decoder's sizes,
 * a config record as JSON) and {@code model.safetensors} (its weights). Trainers write it; the
 * decoder bundles' loaders serve it.
 */
public final class DecoderFolder {

    public static final String CONFIG = "config.json";
    public static final String WEIGHTS = "model.safetensors";
    private static final ObjectMapper JSON = new ObjectMapper();

    private DecoderFolder() {
    }

    /** Writes the config atomically, then the weights through the decoder's own (atomic) save. */
    public static void write(Path dir, Object config, TrainableDecoder decoder) throws IOException {
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "config", ".json.tmp");
        JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), config);
        Files.move(tmp, dir.resolve(CONFIG), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        decoder.save(dir.resolve(WEIGHTS));
    }

    /** @throws IOException naming the folder when it has no config or the config does not parse */
    public static <C> C readConfig(Path dir, Class<C> type) throws IOException {
        Path cfg = dir.resolve(CONFIG);
        if (!Files.isRegularFile(cfg)) {
            throw new IOException(dir + " is not a decoder folder: it has no " + CONFIG);
        }
        try {
            return JSON.readValue(cfg.toFile(), type);
        } catch (IOException e) {
            throw new IOException(cfg + " is not a valid " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    /**
     * A decoder config from JSON text (a recipe's decoder section).
     *
     * @throws IllegalArgumentException naming the type and what does not parse
     */
    public static <C> C parseConfig(String json, Class<C> type) {
        try {
            return JSON.readValue(json, type);
        } catch (IOException e) {
            Throwable cause = e.getCause() instanceof IllegalArgumentException iae ? iae : e;
            throw new IllegalArgumentException("not a valid " + type.getSimpleName() + ": " + cause.getMessage(), e);
        }
    }

    public static Path weights(Path dir) {
        return dir.resolve(WEIGHTS);
    }

    /**
     * Reads a decoder folder: makes the decoder its config describes, then loads its weights
     * (which checks every name and shape); a decoder whose weights do not load is closed.
     */
    public static <C, D extends TrainableDecoder> D load(
            Path dir, Class<C> configType, Function<C, D> create) throws IOException {
        D decoder = create.apply(readConfig(dir, configType));
        try {
            decoder.load(weights(dir));
            return decoder;
        } catch (IOException | RuntimeException e) {
            try {
                decoder.close();
            } catch (Exception closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }
}
