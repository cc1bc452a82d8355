package org.refvlm.tensor.safetensors;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Parsed and validated safetensors header. Validation is strict because a checkpoint that
 * silently loads wrong bytes is far costlier than one that refuses to load: every entry's byte
 * length must equal product(shape) * dtype size, the entries must tile the data section exactly
 * (no gaps, no overlaps) and the data section must be as long as the file says.
 */
public final class SafetensorsHeader {
    /** The reference implementation refuses headers above 100 MB; so do we. */
    public static final long MAX_HEADER_BYTES = 100_000_000L;

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private final Map<String, TensorInfo> tensors;
    private final Map<String, String> metadata;
    private final long dataStart;

    private SafetensorsHeader(Map<String, TensorInfo> tensors, Map<String, String> metadata, long dataStart) {
        this.tensors = tensors;
        this.metadata = metadata;
        this.dataStart = dataStart;
    }

    /** Tensor entries by name, sorted by name. */
    public Map<String, TensorInfo> tensors() {
        return tensors;
    }

    /** The optional {@code __metadata__} string map (empty when absent). */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** Absolute file offset of the data section (8 + header length). */
    public long dataStart() {
        return dataStart;
    }

    /** Reads and validates the header of an open file. */
    public static SafetensorsHeader read(Path file, FileChannel channel) throws IOException {
        long fileSize = channel.size();
        if (fileSize < 8) {
            throw new SafetensorsFormatException(file, null,
                    "file is " + fileSize + " bytes, too short for the 8-byte header length");
        }
        ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        readFully(channel, lenBuf, 0);
        long headerLen = lenBuf.getLong(0);
        if (headerLen <= 0 || headerLen > MAX_HEADER_BYTES) {
            throw new SafetensorsFormatException(file, null,
                    "header length " + headerLen + " is outside (0, " + MAX_HEADER_BYTES + "]");
        }
        if (8 + headerLen > fileSize) {
            throw new SafetensorsFormatException(file, null, "truncated: header declares " + headerLen
                    + " bytes but the file has only " + (fileSize - 8) + " after the length");
        }
        ByteBuffer headerBuf = ByteBuffer.allocate((int) headerLen);
        readFully(channel, headerBuf, 8);
        String json = new String(headerBuf.array(), StandardCharsets.UTF_8);
        return parse(file, json, 8 + headerLen, fileSize - 8 - headerLen);
    }

    /** Parses header JSON; {@code dataLength} is the size of the data section actually present. */
    static SafetensorsHeader parse(Path file, String json, long dataStart, long dataLength)
            throws SafetensorsFormatException {
        JsonNode root;
        try {
            root = JSON.readTree(json.strip());
        } catch (IOException e) {
            throw new SafetensorsFormatException(file, null, "header is not valid JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new SafetensorsFormatException(file, null, "header is not a JSON object");
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        Map<String, TensorInfo> tensors = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals("__metadata__")) {
                readMetadata(file, e.getValue(), metadata);
            } else {
                tensors.put(e.getKey(), readEntry(file, e.getKey(), e.getValue()));
            }
        }
        checkLayout(file, tensors, dataLength);
        return new SafetensorsHeader(Collections.unmodifiableMap(tensors),
                Collections.unmodifiableMap(metadata), dataStart);
    }

    private static void readMetadata(Path file, JsonNode node, Map<String, String> out)
            throws SafetensorsFormatException {
        if (!node.isObject()) {
            throw new SafetensorsFormatException(file, null, "__metadata__ is not an object");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> m = it.next();
            if (!m.getValue().isTextual()) {
                throw new SafetensorsFormatException(file, null,
                        "__metadata__ value for '" + m.getKey() + "' is not a string");
            }
            out.put(m.getKey(), m.getValue().asText());
        }
    }

    private static TensorInfo readEntry(Path file, String name, JsonNode node) throws SafetensorsFormatException {
        if (!node.isObject()) {
            throw new SafetensorsFormatException(file, name, "header entry is not an object");
        }
        JsonNode dt = node.get("dtype");
        if (dt == null || !dt.isTextual()) {
            throw new SafetensorsFormatException(file, name, "missing or non-string 'dtype'");
        }
        SafetensorsDType dtype = SafetensorsDType.parse(dt.asText());
        if (dtype == null) {
            throw new SafetensorsFormatException(file, name, "unsupported dtype '" + dt.asText() + "'");
        }
        JsonNode sh = node.get("shape");
        if (sh == null || !sh.isArray()) {
            throw new SafetensorsFormatException(file, name, "missing or non-array 'shape'");
        }
        long[] shape = new long[sh.size()];
        for (int i = 0; i < shape.length; i++) {
            JsonNode d = sh.get(i);
            if (!d.canConvertToLong() || !d.isIntegralNumber() || d.asLong() < 0) {
                throw new SafetensorsFormatException(file, name, "shape entry " + i + " is not a non-negative integer: " + d);
            }
            shape[i] = d.asLong();
        }
        JsonNode off = node.get("data_offsets");
        if (off == null || !off.isArray() || off.size() != 2
                || !off.get(0).isIntegralNumber() || !off.get(1).isIntegralNumber()) {
            throw new SafetensorsFormatException(file, name, "'data_offsets' must be an array of two integers");
        }
        long begin = off.get(0).asLong();
        long end = off.get(1).asLong();
        if (begin < 0 || end < begin) {
            throw new SafetensorsFormatException(file, name, "invalid data_offsets [" + begin + ", " + end + "]");
        }
        long expected;
        try {
            long n = 1;
            for (long d : shape) {
                n = Math.multiplyExact(n, d);
            }
            expected = Math.multiplyExact(n, dtype.byteSize());
        } catch (ArithmeticException e) {
            throw new SafetensorsFormatException(file, name, "shape element count overflows");
        }
        if (end - begin != expected) {
            throw new SafetensorsFormatException(file, name, "byte length " + (end - begin)
                    + " does not match shape " + java.util.Arrays.toString(shape) + " x " + dtype
                    + " = " + expected + " bytes");
        }
        return new TensorInfo(name, dtype, shape, begin, end);
    }

    private static void checkLayout(Path file, Map<String, TensorInfo> tensors, long dataLength)
            throws SafetensorsFormatException {
        List<TensorInfo> byOffset = new ArrayList<>(tensors.values());
        byOffset.sort(Comparator.comparingLong(TensorInfo::begin).thenComparingLong(TensorInfo::end));
        long cursor = 0;
        TensorInfo previous = null;
        for (TensorInfo t : byOffset) {
            if (t.begin() < cursor) {
                throw new SafetensorsFormatException(file, t.name(), "data [" + t.begin() + ", " + t.end()
                        + ") overlaps tensor '" + previous.name() + "' ending at " + cursor);
            }
            if (t.begin() > cursor) {
                throw new SafetensorsFormatException(file, t.name(), "gap of " + (t.begin() - cursor)
                        + " bytes before its data (offsets must be contiguous)");
            }
            if (t.end() > dataLength) {
                throw new SafetensorsFormatException(file, t.name(), "truncated: data ends at " + t.end()
                        + " but the data section holds only " + dataLength + " bytes");
            }
            cursor = t.end();
            previous = t;
        }
        if (cursor != dataLength) {
            throw new SafetensorsFormatException(file, null, (dataLength - cursor)
                    + " trailing bytes after the last tensor (data section " + dataLength + " bytes, tensors cover " + cursor + ")");
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long position) throws IOException {
        long pos = position;
        while (buf.hasRemaining()) {
            int n = ch.read(buf, pos);
            if (n < 0) {
                throw new IOException("unexpected end of file");
            }
            pos += n;
        }
    }
}
