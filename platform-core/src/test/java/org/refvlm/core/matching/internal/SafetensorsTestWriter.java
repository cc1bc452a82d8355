package org.refvlm.core.matching.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Writes small safetensors files for tests (tensors in insertion order, header padded to 8 bytes). */
public final class SafetensorsTestWriter {

    private record Entry(String name, String dtype, long[] shape, byte[] data) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Entry> entries = new ArrayList<>();

    public SafetensorsTestWriter add(String name, String dtype, long[] shape, byte[] data) {
        entries.add(new Entry(name, dtype, shape.clone(), data.clone()));
        return this;
    }

    public SafetensorsTestWriter addF64(String name, double[] values, long... shape) {
        ByteBuffer buffer = littleEndian(8 * values.length);
        buffer.asDoubleBuffer().put(values);
        return add(name, "F64", shape, buffer.array());
    }

    public SafetensorsTestWriter addF32(String name, float[] values, long... shape) {
        ByteBuffer buffer = littleEndian(4 * values.length);
        buffer.asFloatBuffer().put(values);
        return add(name, "F32", shape, buffer.array());
    }

    /** F16 or BF16 given as raw 16-bit patterns. */
    public SafetensorsTestWriter addHalf(String name, String dtype, short[] bits, long... shape) {
        ByteBuffer buffer = littleEndian(2 * bits.length);
        buffer.asShortBuffer().put(bits);
        return add(name, dtype, shape, buffer.array());
    }

    public SafetensorsTestWriter addI32(String name, int[] values, long... shape) {
        ByteBuffer buffer = littleEndian(4 * values.length);
        buffer.asIntBuffer().put(values);
        return add(name, "I32", shape, buffer.array());
    }

    public Path write(Path path) throws IOException {
        ObjectNode header = JSON.createObjectNode();
        long offset = 0;
        for (Entry entry : entries) {
            ObjectNode node = header.putObject(entry.name());
            node.put("dtype", entry.dtype());
            ArrayNode shape = node.putArray("shape");
            for (long d : entry.shape()) {
                shape.add(d);
            }
            node.putArray("data_offsets").add(offset).add(offset + entry.data().length);
            offset += entry.data().length;
        }
        byte[] headerBytes = JSON.writeValueAsString(header).getBytes(StandardCharsets.UTF_8);
        int padded = (headerBytes.length + 7) / 8 * 8;
        try (OutputStream out = Files.newOutputStream(path)) {
            out.write(littleEndian(8).putLong(0, padded).array());
            out.write(headerBytes);
            out.write(" ".repeat(padded - headerBytes.length).getBytes(StandardCharsets.US_ASCII));
            for (Entry entry : entries) {
                out.write(entry.data());
            }
        }
        return path;
    }

    /** Writes a file with a hand-made header (for malformed-file tests) followed by {@code data}. */
    public static Path writeRaw(Path path, long declaredHeaderLength, String header, byte[] data) throws IOException {
        try (OutputStream out = Files.newOutputStream(path)) {
            out.write(littleEndian(8).putLong(0, declaredHeaderLength).array());
            out.write(header.getBytes(StandardCharsets.UTF_8));
            out.write(data);
        }
        return path;
    }

    private static ByteBuffer littleEndian(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }
}
