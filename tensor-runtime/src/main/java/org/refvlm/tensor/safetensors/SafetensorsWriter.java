package org.refvlm.tensor.safetensors;

import ai.djl.ndarray.NDArray;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes safetensors files atomically: the data goes to a temporary file in the target folder,
 * which is fsynced and then renamed over the target, so a crash never leaves a half-written
 * checkpoint under the real name.
 */
public final class SafetensorsWriter {
    private static final Logger LOG = LoggerFactory.getLogger(SafetensorsWriter.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private SafetensorsWriter() {
    }

    /** Converts an engine array to little-endian raw bytes (copies to the host). */
    public static RawTensor toRaw(NDArray array) {
        SafetensorsDType dtype = SafetensorsDType.of(array.getDataType());
        ByteBuffer native_ = array.toByteBuffer();
        byte[] bytes = new byte[native_.remaining()];
        native_.get(bytes);
        if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN && dtype.byteSize() > 1) {
            int w = dtype.byteSize();
            for (int i = 0; i < bytes.length; i += w) {
                for (int a = i, b = i + w - 1; a < b; a++, b--) {
                    byte t = bytes[a];
                    bytes[a] = bytes[b];
                    bytes[b] = t;
                }
            }
        }
        return new RawTensor(dtype, array.getShape().getShape(), bytes);
    }

    /** Writes engine arrays. */
    public static void write(Path target, Map<String, NDArray> tensors, Map<String, String> metadata) throws IOException {
        Map<String, RawTensor> raw = new TreeMap<>();
        tensors.forEach((k, v) -> raw.put(k, toRaw(v)));
        writeRaw(target, raw, metadata);
    }

    /** Writes raw tensors, sorted by name, data contiguous in that order. */
    public static void writeRaw(Path target, Map<String, RawTensor> tensors, Map<String, String> metadata)
            throws IOException {
        Map<String, RawTensor> sorted = new TreeMap<>(tensors);
        ObjectNode header = JSON.createObjectNode();
        if (metadata != null && !metadata.isEmpty()) {
            ObjectNode meta = header.putObject("__metadata__");
            metadata.forEach(meta::put);
        }
        long offset = 0;
        for (Map.Entry<String, RawTensor> e : sorted.entrySet()) {
            RawTensor t = e.getValue();
            ObjectNode entry = header.putObject(e.getKey());
            entry.put("dtype", t.dtype().name());
            ArrayNode shape = entry.putArray("shape");
            for (long d : t.shape()) {
                shape.add(d);
            }
            ArrayNode off = entry.putArray("data_offsets");
            off.add(offset);
            off.add(offset + t.data().length);
            offset += t.data().length;
        }
        byte[] json = JSON.writeValueAsBytes(header);
        // Pad the header with spaces to a multiple of 8 so the data section is aligned, as the
        // reference writer does; readers strip the padding.
        int padded = (json.length + 7) / 8 * 8;
        byte[] headerBytes = new byte[padded];
        System.arraycopy(json, 0, headerBytes, 0, json.length);
        for (int i = json.length; i < padded; i++) {
            headerBytes[i] = ' ';
        }
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
                 OutputStream out = Channels.newOutputStream(ch)) {
                ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, padded);
                out.write(len.array());
                out.write(headerBytes);
                for (RawTensor t : sorted.values()) {
                    out.write(t.data());
                }
                out.flush();
                ch.force(true);
            }
            moveAtomically(tmp, target);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        LOG.debug("wrote {} tensors ({} data bytes) to {}", sorted.size(), offset, target);
    }

    /**
     * Writes a sharded checkpoint: {@code <stem>-0000i-of-0000n.safetensors} files of at most
     * {@code maxShardBytes} data each (a larger single tensor gets its own shard) and the
     * {@code <stem>.safetensors.index.json} weight map. Each file is written atomically.
     */
    public static void writeSharded(Path dir, String stem, Map<String, RawTensor> tensors, long maxShardBytes,
                                    Map<String, String> metadata) throws IOException {
        List<Map<String, RawTensor>> shards = new ArrayList<>();
        Map<String, RawTensor> current = new TreeMap<>();
        long size = 0;
        long total = 0;
        for (Map.Entry<String, RawTensor> e : new TreeMap<>(tensors).entrySet()) {
            long n = e.getValue().data().length;
            if (!current.isEmpty() && size + n > maxShardBytes) {
                shards.add(current);
                current = new TreeMap<>();
                size = 0;
            }
            current.put(e.getKey(), e.getValue());
            size += n;
            total += n;
        }
        if (!current.isEmpty() || shards.isEmpty()) {
            shards.add(current);
        }
        Map<String, String> weightMap = new TreeMap<>();
        for (int i = 0; i < shards.size(); i++) {
            String file = String.format("%s-%05d-of-%05d.safetensors", stem, i + 1, shards.size());
            writeRaw(dir.resolve(file), shards.get(i), metadata);
            for (String name : shards.get(i).keySet()) {
                weightMap.put(name, file);
            }
        }
        ObjectNode index = JSON.createObjectNode();
        index.putObject("metadata").put("total_size", total);
        ObjectNode wm = index.putObject("weight_map");
        weightMap.forEach(wm::put);
        Path indexFile = dir.resolve(stem + ".safetensors.index.json");
        Path tmp = Files.createTempFile(dir, "." + indexFile.getFileName(), ".tmp");
        try {
            Files.write(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(index)
                    .getBytes(StandardCharsets.UTF_8));
            moveAtomically(tmp, indexFile);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }

    private static void moveAtomically(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            // Same folder, so this only happens on exotic file systems; say so rather than fail.
            LOG.warn("atomic move not supported for {}, falling back to a plain replace", target);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Convenience for callers that want insertion order kept in metadata. */
    public static Map<String, String> metadata(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }
}
