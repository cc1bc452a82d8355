package org.refvlm.tensor.safetensors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsFileTest {
    @TempDir
    Path dir;

    @Test
    void writesAndReadsEveryDtype() throws Exception {
        Map<String, RawTensor> t = new LinkedHashMap<>();
        t.put("f32", RawTensor.ofFloats(new long[] {2, 3}, new float[] {1, -2, 3.5f, 0, 1e-3f, -7}));
        t.put("i64", RawTensor.ofLongs(new long[] {3}, new long[] {1, -5, Long.MAX_VALUE}));
        t.put("f16", half(new float[] {1f, -0.5f, 65504f, 6e-8f}, false));
        t.put("bf16", half(new float[] {1f, -3.25f, 1e30f, 0f}, true));
        t.put("u8", new RawTensor(SafetensorsDType.U8, new long[] {2}, new byte[] {(byte) 200, 3}));
        t.put("bool", new RawTensor(SafetensorsDType.BOOL, new long[] {2}, new byte[] {1, 0}));
        t.put("i32", new RawTensor(SafetensorsDType.I32, new long[] {1}, le(4).putInt(0, -9).array()));
        t.put("scalar", RawTensor.ofFloats(new long[] {}, new float[] {42}));
        t.put("empty", RawTensor.ofFloats(new long[] {0, 4}, new float[0]));
        Path file = dir.resolve("all.safetensors");
        SafetensorsWriter.writeRaw(file, t, Map.of("format", "pt"));
        try (SafetensorsFile f = SafetensorsFile.open(file);
             NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
            assertThat(f.metadata()).containsEntry("format", "pt");
            assertThat(f.names()).hasSize(t.size());
            assertThat(f.readFloats("f32")).containsExactly(1, -2, 3.5f, 0, 1e-3f, -7);
            assertThat(f.readLongs("i64")).containsExactly(1, -5, Long.MAX_VALUE);
            assertThat(f.readFloats("f16")).containsExactly(1f, -0.5f, 65504f, HalfFloats.halfToFloat(HalfFloats.floatToHalf(6e-8f)));
            assertThat(f.readFloats("bf16")[1]).isEqualTo(-3.25f);
            assertThat(f.readLongs("u8")).containsExactly(200, 3);
            assertThat(f.readLongs("bool")).containsExactly(1, 0);
            assertThat(f.readLongs("i32")).containsExactly(-9);
            NDArray a = f.load("f32", m, true);
            assertThat(a.getShape()).isEqualTo(new Shape(2, 3));
            assertThat(a.toFloatArray()).containsExactly(1, -2, 3.5f, 0, 1e-3f, -7);
            NDArray h = f.load("f16", m, true);
            assertThat(h.getDataType()).isEqualTo(DataType.FLOAT32);
            assertThat(h.toFloatArray()[2]).isEqualTo(65504f);
            NDArray hRaw = f.load("f16", m, false);
            assertThat(hRaw.getDataType()).isEqualTo(DataType.FLOAT16);
            assertThat(hRaw.toType(DataType.FLOAT32, false).toFloatArray()[1]).isEqualTo(-0.5f);
            // The engine cannot hold bfloat16, so it arrives widened even when kept "as stored".
            NDArray bRaw = f.load("bf16", m, false);
            assertThat(bRaw.getDataType()).isEqualTo(DataType.FLOAT32);
            assertThat(bRaw.toFloatArray()[1]).isEqualTo(-3.25f);
            NDArray narrowed = f.load("bf16", m, DataType.FLOAT16);
            assertThat(narrowed.getDataType()).isEqualTo(DataType.FLOAT16);
            assertThat(narrowed.toType(DataType.FLOAT32, false).toFloatArray()[1]).isEqualTo(-3.25f);
            assertThat(f.load("f32", m, DataType.FLOAT16).toType(DataType.FLOAT32, false).toFloatArray()[2])
                    .isEqualTo(3.5f);
            assertThat(f.load("i64", m, DataType.FLOAT16).getDataType()).isEqualTo(DataType.INT64);
            assertThat(f.load("i64", m, true).toLongArray()).containsExactly(1, -5, Long.MAX_VALUE);
            assertThat(f.load("scalar", m, true).getFloat()).isEqualTo(42f);
            assertThat(f.load("empty", m, true).getShape()).isEqualTo(new Shape(0, 4));
            assertThat(f.raw("f32").order()).isEqualTo(ByteOrder.LITTLE_ENDIAN);
        }
    }

    @Test
    void writesEngineArraysAtomically() throws Exception {
        Path file = dir.resolve("w.safetensors");
        Files.writeString(file, "old content");
        try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
            NDArray a = m.arange(12f).reshape(3, 4);
            SafetensorsWriter.write(file, Map.of("a", a, "b", m.create(new long[] {7, 8})), null);
            try (SafetensorsFile f = SafetensorsFile.open(file)) {
                assertThat(f.info("a").shape()).containsExactly(3, 4);
                assertThat(f.load("a", m, true).toFloatArray()).isEqualTo(a.toFloatArray());
                assertThat(f.readLongs("b")).containsExactly(7, 8);
            }
        }
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("w.safetensors");
        }
        // Data starts 8-byte aligned, as the reference writer keeps it.
        long headerLen = ByteBuffer.wrap(Files.readAllBytes(file), 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertThat(headerLen % 8).isZero();
    }

    @Test
    void halfConversionsRoundTripEveryValue() {
        for (int bits = 0; bits < 65536; bits++) {
            float f = HalfFloats.halfToFloat((short) bits);
            if (!Float.isNaN(f)) {
                assertThat(HalfFloats.floatToHalf(f) & 0xffff).isEqualTo(bits);
            }
            float b = HalfFloats.bf16ToFloat((short) bits);
            if (!Float.isNaN(b)) {
                assertThat(HalfFloats.floatToBf16(b) & 0xffff).isEqualTo(bits);
            }
        }
    }

    // ---- malformed files: every message names the file, the tensor when relevant, and the problem

    @Test
    void rejectsTooShortFile() throws Exception {
        Path f = dir.resolve("short.safetensors");
        Files.write(f, new byte[] {1, 2, 3});
        assertProblem(f, null, "too short");
    }

    @Test
    void rejectsHeaderLengthBeyondFile() throws Exception {
        Path f = dir.resolve("len.safetensors");
        Files.write(f, concat(le(8).putLong(0, 1000).array(), "{}".getBytes(StandardCharsets.UTF_8)));
        assertProblem(f, null, "truncated: header declares 1000");
        Path g = dir.resolve("huge.safetensors");
        Files.write(g, le(8).putLong(0, Long.MAX_VALUE).array());
        assertProblem(g, null, "header length");
    }

    @Test
    void rejectsInvalidJson() throws Exception {
        assertProblem(file("{\"a\": {", new byte[0]), null, "not valid JSON");
        assertProblem(file("[1,2]", new byte[0]), null, "not a JSON object");
    }

    @Test
    void rejectsBadEntries() throws Exception {
        assertProblem(file("{\"x\":{\"dtype\":\"Q8\",\"shape\":[1],\"data_offsets\":[0,1]}}", new byte[1]), "x",
                "unsupported dtype 'Q8'");
        assertProblem(file("{\"x\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}", new byte[4]), "x",
                "shape entry 0");
        assertProblem(file("{\"x\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,4]}}", new byte[4]), "x",
                "does not match shape [2] x F32 = 8 bytes");
        assertProblem(file("{\"x\":{\"dtype\":\"F32\",\"shape\":[1]}}", new byte[4]), "x", "data_offsets");
        assertProblem(file("{\"x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,0]}}", new byte[4]), "x",
                "invalid data_offsets");
    }

    @Test
    void rejectsOverlapsGapsTruncationAndTrailingBytes() throws Exception {
        String two = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[%d,%d]}}";
        assertProblem(file(String.format(two, 4, 12), new byte[12]), "b", "overlaps tensor 'a'");
        assertProblem(file(String.format(two, 12, 20), new byte[20]), "b", "gap of 4 bytes");
        assertProblem(file(String.format(two, 8, 16), new byte[12]), "b", "truncated: data ends at 16");
        assertProblem(file(String.format(two, 8, 16), new byte[20]), null, "4 trailing bytes");
    }

    @Test
    void rejectsTruncatedRealCheckpoint() throws Exception {
        Path src = org.refvlm.TestFixtures.folder("llama-tiny").resolve("model.safetensors");
        byte[] all = Files.readAllBytes(src);
        Path cut = dir.resolve("cut.safetensors");
        Files.write(cut, java.util.Arrays.copyOf(all, all.length - 1000));
        assertThatThrownBy(() -> SafetensorsFile.open(cut)).isInstanceOf(SafetensorsFormatException.class)
                .hasMessageContaining("cut.safetensors").hasMessageContaining("truncated");
    }

    private void assertProblem(Path file, String tensor, String problem) {
        assertThatThrownBy(() -> SafetensorsFile.open(file).close())
                .isInstanceOfSatisfying(SafetensorsFormatException.class, e -> {
                    assertThat(e.file()).isEqualTo(file);
                    assertThat(e.tensor()).isEqualTo(tensor);
                    assertThat(e.getMessage()).contains(file.toString()).contains(problem);
                    if (tensor != null) {
                        assertThat(e.getMessage()).contains("'" + tensor + "'");
                    }
                });
    }

    private int counter;

    private Path file(String header, byte[] data) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        Path f = dir.resolve("bad" + (counter++) + ".safetensors");
        Files.write(f, concat(concat(le(8).putLong(0, h.length).array(), h), data));
        return f;
    }

    private static ByteBuffer le(int n) {
        return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    private static RawTensor half(float[] v, boolean bf16) {
        ByteBuffer b = le(v.length * 2);
        for (int i = 0; i < v.length; i++) {
            b.putShort(2 * i, bf16 ? HalfFloats.floatToBf16(v[i]) : HalfFloats.floatToHalf(v[i]));
        }
        return new RawTensor(bf16 ? SafetensorsDType.BF16 : SafetensorsDType.F16, new long[] {v.length}, b.array());
    }
}
