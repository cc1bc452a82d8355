package org.refvlm.tensor.safetensors;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bounded fuzzing of the safetensors reader (issue 23, item 9): malformed header lengths, JSON,
 * offsets, dtypes and shapes, flipped bytes and truncations. Every input must either read or fail
 * with an {@link IOException} naming the file; nothing else may escape (no runtime exception, no
 * OutOfMemoryError). A hang would be stopped by the build's fork timeout (the root pom). The
 * number of inputs tried is printed to the test output.
 */
class SafetensorsFuzzTest {

    private static final int INPUTS = 10_000;

    @TempDir
    Path dir;

    @Test
    void malformedFilesFailWithTheFileNamedAndNothingElse() throws Exception {
        Map<String, RawTensor> tensors = new LinkedHashMap<>();
        tensors.put("a", RawTensor.ofFloats(new long[] {3, 4}, new float[12]));
        tensors.put("ids", RawTensor.ofLongs(new long[] {5}, new long[] {1, 2, 3, 4, 5}));
        tensors.put("scalar", RawTensor.ofFloats(new long[] {}, new float[] {7f}));
        Path valid = dir.resolve("valid.safetensors");
        SafetensorsWriter.writeRaw(valid, tensors, Map.of("format", "pt"));
        byte[] bytes = Files.readAllBytes(valid);
        long headerLength = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        String header = new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8);
        byte[] data = java.util.Arrays.copyOfRange(bytes, 8 + (int) headerLength, bytes.length);
        Random random = new Random(20261203);
        List<String> escaped = new ArrayList<>();
        int tried = 0;
        for (int i = 0; i < INPUTS; i++) {
            byte[] input = switch (i % 5) {
                case 0 -> flipBytes(bytes, random);
                case 1 -> java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length));
                case 2 -> withHeaderLength(bytes, headerLengthFor(random, headerLength, bytes.length));
                case 3 -> file(mutateHeader(header, random), data);
                default -> file(header, java.util.Arrays.copyOf(data, random.nextInt(data.length + 1)));
            };
            Path f = dir.resolve("fuzz-" + i + ".safetensors");
            Files.write(f, input);
            String problem = readEverything(f);
            if (problem != null) {
                escaped.add("input " + i + ": " + problem);
            }
            Files.delete(f);
            tried++;
        }
        // The count goes to the build log and the test report (item 9 of issue 23 asks for it).
        System.out.println("fuzz: safetensors reader: " + tried + " inputs tried, " + escaped.size() + " escaped");
        assertThat(tried).isEqualTo(INPUTS);
        assertThat(escaped).isEmpty();
    }

    /** Null when the file read, or failed as it should; else what escaped. */
    private static String readEverything(Path f) {
        try (SafetensorsFile file = SafetensorsFile.open(f)) {
            for (String name : file.names()) {
                TensorInfo info = file.info(name);
                if (info.dtype() == SafetensorsDType.I64) {
                    file.readLongs(name);
                } else {
                    file.readFloats(name);
                }
            }
            return null;
        } catch (IOException e) {
            return e.getMessage() != null && e.getMessage().contains(f.getFileName().toString()) ? null
                    : "IOException without the file's name: " + e;
        } catch (RuntimeException | Error e) {
            return e.toString();
        }
    }

    private static byte[] flipBytes(byte[] bytes, Random random) {
        byte[] copy = bytes.clone();
        int flips = 1 + random.nextInt(8);
        for (int k = 0; k < flips; k++) {
            copy[random.nextInt(copy.length)] = (byte) random.nextInt(256);
        }
        return copy;
    }

    private static long headerLengthFor(Random random, long real, int fileLength) {
        return switch (random.nextInt(6)) {
            case 0 -> -1L - random.nextInt(1000);
            case 1 -> 0;
            case 2 -> Long.MAX_VALUE - random.nextInt(1000);
            case 3 -> real + 1 + random.nextInt(64);
            case 4 -> 1 + random.nextInt((int) real);
            default -> fileLength + random.nextInt(1 << 20);
        };
    }

    private static byte[] withHeaderLength(byte[] bytes, long length) {
        byte[] copy = bytes.clone();
        ByteBuffer.wrap(copy, 0, 8).order(ByteOrder.LITTLE_ENDIAN).putLong(length);
        return copy;
    }

    /** The JSON header with one field changed to something a broken writer could produce. */
    private static String mutateHeader(String header, Random random) {
        String[] numbers = {"-1", "0", "1", "7", "4294967296", "9223372036854775807", "-9223372036854775808",
            "1e30", "null", "\"3\"", "[]", "{}"};
        String[] dtypes = {"F32", "F16", "BF16", "I64", "F64", "U8", "BOOL", "Q4", "", "f32", "null"};
        String mutated = header;
        switch (random.nextInt(6)) {
            case 0 -> mutated = header.replaceFirst("\"dtype\":\"[A-Z0-9]*\"",
                    "\"dtype\":\"" + dtypes[random.nextInt(dtypes.length)] + "\"");
            case 1 -> mutated = header.replaceFirst("\"shape\":\\[[0-9,]*\\]", "\"shape\":["
                    + numbers[random.nextInt(numbers.length)] + "," + numbers[random.nextInt(numbers.length)] + "]");
            case 2 -> mutated = header.replaceFirst("\"data_offsets\":\\[[0-9]*,[0-9]*\\]", "\"data_offsets\":["
                    + numbers[random.nextInt(numbers.length)] + "," + numbers[random.nextInt(numbers.length)] + "]");
            case 3 -> mutated = header.substring(0, random.nextInt(header.length()));
            case 4 -> mutated = header.replace("\"a\"", "\"ids\"");   // a duplicate name
            default -> {
                char[] c = header.toCharArray();
                c[random.nextInt(c.length)] = "{}[]\":,09a-".charAt(random.nextInt(11));
                mutated = new String(c);
            }
        }
        return mutated;
    }

    private static byte[] file(String header, byte[] data) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h).put(data);
        return b.array();
    }
}
