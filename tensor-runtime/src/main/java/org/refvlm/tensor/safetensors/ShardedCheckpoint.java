package org.refvlm.tensor.safetensors;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A checkpoint split over several safetensors files with a {@code *.safetensors.index.json}
 * weight map (Hugging Face's sharded layout), or a folder with a single {@code model.safetensors}.
 * Every shard is opened (and its header validated) up front, and the index must agree with the
 * shards' own headers.
 */
public final class ShardedCheckpoint implements TensorSource {
    public static final String INDEX_FILE = "model.safetensors.index.json";
    public static final String SINGLE_FILE = "model.safetensors";

    private final Map<String, SafetensorsFile> byTensor;
    private final Map<String, SafetensorsFile> files;

    private ShardedCheckpoint(Map<String, SafetensorsFile> byTensor, Map<String, SafetensorsFile> files) {
        this.byTensor = byTensor;
        this.files = files;
    }

    /**
     * Opens a checkpoint: a folder (index file preferred, else {@code model.safetensors}), an
     * index file, or a single safetensors file.
     */
    public static ShardedCheckpoint open(Path path) throws IOException {
        if (Files.isDirectory(path)) {
            if (Files.exists(path.resolve(INDEX_FILE))) {
                return openIndex(path.resolve(INDEX_FILE));
            }
            if (Files.exists(path.resolve(SINGLE_FILE))) {
                return openSingle(path.resolve(SINGLE_FILE));
            }
            throw new IOException("no " + INDEX_FILE + " or " + SINGLE_FILE + " in " + path);
        }
        if (path.getFileName().toString().endsWith(".index.json")) {
            return openIndex(path);
        }
        return openSingle(path);
    }

    private static ShardedCheckpoint openSingle(Path file) throws IOException {
        SafetensorsFile f = SafetensorsFile.open(file);
        Map<String, SafetensorsFile> byTensor = new TreeMap<>();
        for (String n : f.names()) {
            byTensor.put(n, f);
        }
        return new ShardedCheckpoint(byTensor, Map.of(file.getFileName().toString(), f));
    }

    private static ShardedCheckpoint openIndex(Path index) throws IOException {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(index.toFile());
        } catch (IOException e) {
            throw new SafetensorsFormatException(index, null, "index is not valid JSON: " + e.getMessage(), e);
        }
        JsonNode wm = root == null ? null : root.get("weight_map");
        if (wm == null || !wm.isObject()) {
            throw new SafetensorsFormatException(index, null, "index has no 'weight_map' object");
        }
        Map<String, SafetensorsFile> files = new LinkedHashMap<>();
        Map<String, SafetensorsFile> byTensor = new TreeMap<>();
        Path dir = index.toAbsolutePath().getParent();
        try {
            for (Iterator<Map.Entry<String, JsonNode>> it = wm.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String shard = e.getValue().asText();
                if (shard.contains("/") || shard.contains("\\")) {
                    throw new SafetensorsFormatException(index, e.getKey(), "shard name '" + shard + "' is not a plain file name");
                }
                SafetensorsFile f = files.get(shard);
                if (f == null) {
                    Path p = dir.resolve(shard);
                    if (!Files.exists(p)) {
                        throw new SafetensorsFormatException(index, e.getKey(), "shard file " + shard + " is missing");
                    }
                    f = SafetensorsFile.open(p);
                    files.put(shard, f);
                }
                if (!f.names().contains(e.getKey())) {
                    throw new SafetensorsFormatException(index, e.getKey(), "index maps it to " + shard + ", which does not contain it");
                }
                byTensor.put(e.getKey(), f);
            }
        } catch (IOException | RuntimeException e) {
            for (SafetensorsFile f : files.values()) {
                f.close();
            }
            throw e;
        }
        return new ShardedCheckpoint(byTensor, files);
    }

    /** The files that make up the checkpoint, by file name. */
    public Map<String, SafetensorsFile> files() {
        return Collections.unmodifiableMap(files);
    }

    @Override
    public Set<String> names() {
        return Collections.unmodifiableSet(byTensor.keySet());
    }

    @Override
    public TensorInfo info(String name) {
        return file(name).info(name);
    }

    @Override
    public NDArray load(String name, NDManager manager, DataType floatType) throws IOException {
        return file(name).load(name, manager, floatType);
    }

    /** The shard holding a tensor. */
    public SafetensorsFile file(String name) {
        SafetensorsFile f = byTensor.get(name);
        if (f == null) {
            throw new IllegalArgumentException("no tensor '" + name + "' in checkpoint");
        }
        return f;
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        for (SafetensorsFile f : files.values()) {
            try {
                f.close();
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
