package org.refvlm.core.matching.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * A deliberately minimal safetensors reader, just enough for the {@code lsap} command: it validates the
 * header and reads floating-point tensors into Java arrays. The project-wide reader will replace it, so
 * nothing outside this package depends on more than {@link #open}, {@link #tensors} and the two reads.
 *
 * <p>Format: an 8-byte little-endian header length N, N bytes of UTF-8 JSON mapping tensor names to
 * {@code {"dtype", "shape", "data_offsets": [begin, end]}} (plus an optional {@code __metadata__} string
 * map), then the raw little-endian tensor bytes, offsets relative to the end of the header.
 */
public final class SafetensorsFile implements AutoCloseable {

    /** Same cap as the reference implementation: a larger header is a sign of a corrupt file. */
    private static final long MAX_HEADER_BYTES = 100L << 20;

    private static final Map<String, Integer> BYTES_PER_ELEMENT = Map.ofEntries(
            Map.entry("BOOL", 1), Map.entry("U8", 1), Map.entry("I8", 1),
            Map.entry("F8_E4M3", 1), Map.entry("F8_E5M2", 1),
            Map.entry("I16", 2), Map.entry("U16", 2), Map.entry("F16", 2), Map.entry("BF16", 2),
            Map.entry("I32", 4), Map.entry("U32", 4), Map.entry("F32", 4),
            Map.entry("I64", 8), Map.entry("U64", 8), Map.entry("F64", 8));

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private final Path path;
    private final FileChannel channel;
    private final long dataStart;
    private final List<SafetensorsTensor> tensors;
    private final Map<String, String> metadata;

    private SafetensorsFile(Path path, FileChannel channel, long dataStart, List<SafetensorsTensor> tensors,
            Map<String, String> metadata) {
        this.path = path;
        this.channel = channel;
        this.dataStart = dataStart;
        this.tensors = tensors;
        this.metadata = metadata;
    }

    /**
     * Opens and validates the header of a safetensors file.
     *
     * @throws java.nio.file.NoSuchFileException if there is no such file
     * @throws MalformedSafetensorsException if the header is not valid
     */
    public static SafetensorsFile open(Path path) throws IOException {
        FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
        try {
            long fileSize = channel.size();
            if (fileSize < 8) {
                throw new MalformedSafetensorsException("file is " + fileSize + " bytes, shorter than the 8-byte"
                        + " header length");
            }
            ByteBuffer lengthBytes = readFully(channel, 0, 8);
            long headerLength = lengthBytes.order(ByteOrder.LITTLE_ENDIAN).getLong(0);
            if (headerLength < 2 || headerLength > MAX_HEADER_BYTES || headerLength > fileSize - 8) {
                throw new MalformedSafetensorsException("header length " + Long.toUnsignedString(headerLength)
                        + " does not fit a file of " + fileSize + " bytes");
            }
            ByteBuffer headerBytes = readFully(channel, 8, (int) headerLength);
            long dataStart = 8 + headerLength;
            Map<String, String> metadata = new LinkedHashMap<>();
            List<SafetensorsTensor> tensors = parseHeader(headerBytes.array(), fileSize - dataStart, metadata);
            return new SafetensorsFile(path, channel, dataStart, tensors, Collections.unmodifiableMap(metadata));
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static List<SafetensorsTensor> parseHeader(byte[] header, long dataLength, Map<String, String> metadata)
            throws MalformedSafetensorsException {
        JsonNode root;
        try {
            root = JSON.readTree(header);
        } catch (JacksonException e) {
            throw new MalformedSafetensorsException("header is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new MalformedSafetensorsException("header cannot be read: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new MalformedSafetensorsException("header is not a JSON object");
        }
        List<SafetensorsTensor> tensors = new ArrayList<>();
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            if (field.getKey().equals("__metadata__")) {
                readMetadata(field.getValue(), metadata);
            } else {
                tensors.add(readTensorEntry(field.getKey(), field.getValue(), dataLength));
            }
        }
        return Collections.unmodifiableList(tensors);
    }

    private static void readMetadata(JsonNode node, Map<String, String> metadata) throws MalformedSafetensorsException {
        if (!node.isObject()) {
            throw new MalformedSafetensorsException("__metadata__ is not a JSON object");
        }
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            if (!entry.getValue().isTextual()) {
                throw new MalformedSafetensorsException("__metadata__ value '" + entry.getKey() + "' is not a string");
            }
            metadata.put(entry.getKey(), entry.getValue().textValue());
        }
    }

    private static SafetensorsTensor readTensorEntry(String name, JsonNode node, long dataLength)
            throws MalformedSafetensorsException {
        String where = "tensor '" + name + "': ";
        if (!node.isObject()) {
            throw new MalformedSafetensorsException(where + "entry is not a JSON object");
        }
        JsonNode dtypeNode = node.get("dtype");
        if (dtypeNode == null || !dtypeNode.isTextual()) {
            throw new MalformedSafetensorsException(where + "missing or non-string dtype");
        }
        String dtype = dtypeNode.textValue();
        long[] shape = readNonNegativeLongs(node.get("shape"), -1, where + "shape");
        long[] offsets = readNonNegativeLongs(node.get("data_offsets"), 2, where + "data_offsets");
        long begin = offsets[0];
        long end = offsets[1];
        if (begin > end || end > dataLength) {
            throw new MalformedSafetensorsException(where + "data_offsets [" + begin + ", " + end
                    + "] outside the " + dataLength + " data bytes");
        }
        Integer elementBytes = BYTES_PER_ELEMENT.get(dtype);
        if (elementBytes != null) {
            long elements = 1;
            for (long d : shape) {
                elements = Math.multiplyExact(elements, d);
            }
            if (Math.multiplyExact(elements, elementBytes.longValue()) != end - begin) {
                throw new MalformedSafetensorsException(where + "shape and dtype " + dtype + " need "
                        + elements * elementBytes + " bytes but data_offsets span " + (end - begin));
            }
        }
        return new SafetensorsTensor(name, dtype, shape, begin, end);
    }

    private static long[] readNonNegativeLongs(JsonNode node, int requiredLength, String what)
            throws MalformedSafetensorsException {
        if (node == null || !node.isArray() || (requiredLength >= 0 && node.size() != requiredLength)) {
            throw new MalformedSafetensorsException(what + " is missing or not an array"
                    + (requiredLength >= 0 ? " of " + requiredLength + " integers" : " of integers"));
        }
        long[] values = new long[node.size()];
        for (int i = 0; i < values.length; i++) {
            JsonNode element = node.get(i);
            if (!element.isIntegralNumber() || !element.canConvertToLong() || element.longValue() < 0) {
                throw new MalformedSafetensorsException(what + " holds " + element + ", not a non-negative integer");
            }
            values[i] = element.longValue();
        }
        return values;
    }

    static boolean isFloatingPoint(String dtype) {
        return dtype.equals("F16") || dtype.equals("BF16") || dtype.equals("F32") || dtype.equals("F64");
    }

    public Path path() {
        return path;
    }

    /** Tensors in header order. */
    public List<SafetensorsTensor> tensors() {
        return tensors;
    }

    /** The optional {@code __metadata__} string map. */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** Reads an F16, BF16 or F32 tensor, flattened row-major and widened to float. */
    public float[] readFloats(SafetensorsTensor tensor) throws IOException {
        ByteBuffer bytes = readData(tensor);
        int count = elementCount(tensor);
        float[] values = new float[count];
        switch (tensor.dtype()) {
            case "F32" -> bytes.asFloatBuffer().get(values);
            case "F16" -> {
                for (int i = 0; i < count; i++) {
                    values[i] = halfToFloat(bytes.getShort(2 * i));
                }
            }
            case "BF16" -> {
                for (int i = 0; i < count; i++) {
                    values[i] = Float.intBitsToFloat((bytes.getShort(2 * i) & 0xffff) << 16);
                }
            }
            default -> throw new IllegalArgumentException(tensor + ": not an F16, BF16 or F32 tensor");
        }
        return values;
    }

    /** Reads any floating-point tensor (F16, BF16, F32, F64), flattened row-major and widened to double. */
    public double[] readDoubles(SafetensorsTensor tensor) throws IOException {
        if (tensor.dtype().equals("F64")) {
            double[] values = new double[elementCount(tensor)];
            readData(tensor).asDoubleBuffer().get(values);
            return values;
        }
        float[] floats = readFloats(tensor);
        double[] values = new double[floats.length];
        for (int i = 0; i < floats.length; i++) {
            values[i] = floats[i];
        }
        return values;
    }

    private static int elementCount(SafetensorsTensor tensor) {
        long count = tensor.elementCount();
        if (count > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(tensor + " has too many elements for a Java array");
        }
        return (int) count;
    }

    private ByteBuffer readData(SafetensorsTensor tensor) throws IOException {
        if (tensor.byteLength() > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(tensor + " is too large for this minimal reader");
        }
        return readFully(channel, dataStart + tensor.begin(), (int) tensor.byteLength()).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static ByteBuffer readFully(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            int read = channel.read(buffer, position + buffer.position());
            if (read < 0) {
                throw new MalformedSafetensorsException("file ends at byte " + (position + buffer.position())
                        + ", expected " + (position + length));
            }
        }
        return buffer.flip();
    }

    /** IEEE 754 binary16 to float (Float.float16ToFloat only exists from Java 20). */
    static float halfToFloat(short half) {
        int bits = half & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exponent = (bits >>> 10) & 0x1f;
        int mantissa = bits & 0x3ff;
        if (exponent == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
        }
        if (exponent == 0) {
            // Zero or subnormal: mantissa * 2^-24, exact in float.
            float magnitude = mantissa * 0x1p-24f;
            return sign != 0 ? -magnitude : magnitude;
        }
        return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
