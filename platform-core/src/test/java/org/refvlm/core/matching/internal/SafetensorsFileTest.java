package org.refvlm.core.matching.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsFileTest {

    @TempDir
    Path dir;

    @Test
    void readsHeaderAndFloatingPointTensors() throws IOException {
        Path path = new SafetensorsTestWriter()
                .addF64("d", new double[] {1.5, -2, Double.POSITIVE_INFINITY, 1e-300}, 2, 2)
                .addF32("f", new float[] {0.25f, 3e38f, -0f}, 3, 1)
                .addHalf("h", "F16", new short[] {0x3c00, (short) 0xc000, 0x7c00, 0x0001, 0x7bff, (short) 0x8000}, 6)
                .addHalf("b", "BF16", new short[] {0x3f80, (short) 0xc0a0}, 2)
                .addI32("i", new int[] {7}, 1)
                .write(dir.resolve("t.safetensors"));
        try (SafetensorsFile file = SafetensorsFile.open(path)) {
            assertThat(file.tensors()).extracting(SafetensorsTensor::name).containsExactly("d", "f", "h", "b", "i");
            SafetensorsTensor d = file.tensors().get(0);
            assertThat(d.shape()).containsExactly(2, 2);
            assertThat(d.isFloatingPoint()).isTrue();
            assertThat(file.readDoubles(d)).containsExactly(1.5, -2, Double.POSITIVE_INFINITY, 1e-300);
            assertThat(file.readFloats(file.tensors().get(1))).containsExactly(0.25f, 3e38f, -0f);
            assertThat(file.readFloats(file.tensors().get(2)))
                    .containsExactly(1f, -2f, Float.POSITIVE_INFINITY, 0x1p-24f, 65504f, -0f);
            assertThat(file.readDoubles(file.tensors().get(3))).containsExactly(1.0, -5.0);
            assertThat(file.tensors().get(4).isFloatingPoint()).isFalse();
        }
    }

    @Test
    void halfPrecisionConversionCoversEveryClass() {
        assertThat(SafetensorsFile.halfToFloat((short) 0x3555)).isEqualTo(0.33325195f);
        assertThat(SafetensorsFile.halfToFloat((short) 0x0400)).isEqualTo(0x1p-14f); // smallest normal
        assertThat(SafetensorsFile.halfToFloat((short) 0x03ff)).isEqualTo(1023 * 0x1p-24f); // largest subnormal
        assertThat(SafetensorsFile.halfToFloat((short) 0xfc00)).isEqualTo(Float.NEGATIVE_INFINITY);
        assertThat(SafetensorsFile.halfToFloat((short) 0x7e00)).isNaN();
    }

    @Test
    void readsMetadataAndAcceptsEmptyTensors() throws IOException {
        String header = "{\"__metadata__\":{\"format\":\"pt\"},\"e\":{\"dtype\":\"F32\",\"shape\":[0,3],"
                + "\"data_offsets\":[0,0]}}";
        Path path = SafetensorsTestWriter.writeRaw(dir.resolve("m.safetensors"), header.length(), header, new byte[0]);
        try (SafetensorsFile file = SafetensorsFile.open(path)) {
            assertThat(file.metadata()).containsEntry("format", "pt");
            assertThat(file.readFloats(file.tensors().get(0))).isEmpty();
        }
    }

    @Test
    void missingFileIsNoSuchFile() {
        assertThatThrownBy(() -> SafetensorsFile.open(dir.resolve("none"))).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void rejectsMalformedHeaders() throws IOException {
        assertMalformed(8, "{}", "does not fit");                       // declared length past the end
        assertMalformed(2, "[]", "not a JSON object");
        assertMalformed(5, "{\"a\":", "not valid JSON");
        assertMalformed(-1, "{}", "does not fit");                      // 2^64 - 1 as unsigned
        assertMalformed("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,4]}}", new byte[8],
                "need 8 bytes but data_offsets span 4");
        assertMalformed("{\"a\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}", new byte[4],
                "not a non-negative integer");
        assertMalformed("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,0]}}", new byte[4],
                "outside the 4 data bytes");
        assertMalformed("{\"a\":{\"shape\":[1],\"data_offsets\":[0,4]}}", new byte[4], "dtype");
        assertMalformed("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", new byte[4], "Duplicate");
        assertMalformed("{\"__metadata__\":{\"k\":1}}", new byte[0], "not a string");
    }

    private void assertMalformed(String header, byte[] data, String message) throws IOException {
        Path path = SafetensorsTestWriter.writeRaw(Files.createTempFile(dir, "bad", ".safetensors"),
                header.length(), header, data);
        assertThatThrownBy(() -> SafetensorsFile.open(path))
                .isInstanceOf(MalformedSafetensorsException.class).hasMessageContaining(message);
    }

    private void assertMalformed(long declaredLength, String header, String message) throws IOException {
        Path path = SafetensorsTestWriter.writeRaw(Files.createTempFile(dir, "bad", ".safetensors"),
                declaredLength, header, new byte[0]);
        assertThatThrownBy(() -> SafetensorsFile.open(path))
                .isInstanceOf(MalformedSafetensorsException.class).hasMessageContaining(message);
    }
}
