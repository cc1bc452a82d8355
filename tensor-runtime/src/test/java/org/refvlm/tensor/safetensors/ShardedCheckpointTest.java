package org.refvlm.tensor.safetensors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.types.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShardedCheckpointTest {
    @TempDir
    Path dir;

    private Map<String, RawTensor> tensors() {
        Map<String, RawTensor> t = new LinkedHashMap<>();
        for (int i = 0; i < 5; i++) {
            float[] v = new float[16];
            java.util.Arrays.fill(v, i);
            t.put("layer." + i + ".weight", RawTensor.ofFloats(new long[] {4, 4}, v));
        }
        return t;
    }

    @Test
    void readsShardsThroughTheIndex() throws Exception {
        SafetensorsWriter.writeSharded(dir, "model", tensors(), 130, null);
        assertThat(dir.resolve("model-00001-of-00003.safetensors")).exists();
        assertThat(dir.resolve(ShardedCheckpoint.INDEX_FILE)).exists();
        try (ShardedCheckpoint c = ShardedCheckpoint.open(dir)) {
            assertThat(c.files()).hasSize(3);
            assertThat(c.names()).hasSize(5);
            for (int i = 0; i < 5; i++) {
                assertThat(c.file("layer." + i + ".weight").readFloats("layer." + i + ".weight")[0]).isEqualTo(i);
            }
        }
    }

    @Test
    void singleFileFolderWorksToo() throws Exception {
        SafetensorsWriter.writeRaw(dir.resolve("model.safetensors"), tensors(), null);
        try (ShardedCheckpoint c = ShardedCheckpoint.open(dir)) {
            assertThat(c.names()).hasSize(5);
        }
    }

    @Test
    void missingShardOrWrongIndexEntryIsReported() throws Exception {
        SafetensorsWriter.writeSharded(dir, "model", tensors(), 130, null);
        Path index = dir.resolve(ShardedCheckpoint.INDEX_FILE);
        String json = Files.readString(index);
        Files.writeString(index, json.replace("\"layer.4.weight\" : \"model-00003-of-00003.safetensors\"",
                "\"layer.4.weight\" : \"model-00001-of-00003.safetensors\""));
        assertThatThrownBy(() -> ShardedCheckpoint.open(dir)).isInstanceOf(SafetensorsFormatException.class)
                .hasMessageContaining("layer.4.weight").hasMessageContaining("does not contain it");
        Files.writeString(index, json);
        Files.delete(dir.resolve("model-00002-of-00003.safetensors"));
        assertThatThrownBy(() -> ShardedCheckpoint.open(dir)).isInstanceOf(SafetensorsFormatException.class)
                .hasMessageContaining("model-00002-of-00003.safetensors is missing");
    }

    @Test
    void weightLoaderReportsEveryProblemAtOnce() throws Exception {
        Map<String, RawTensor> t = tensors();
        t.put("extra.bias", RawTensor.ofFloats(new long[] {1}, new float[] {1}));
        t.put("rotary.inv_freq", RawTensor.ofFloats(new long[] {1}, new float[] {1}));
        SafetensorsWriter.writeRaw(dir.resolve("model.safetensors"), t, null);
        Map<String, Shape> expected = new LinkedHashMap<>();
        expected.put("layer.0.weight", new Shape(4, 4));
        expected.put("layer.1.weight", new Shape(4, 5));
        expected.put("layer.2.weight", new Shape(4, 4));
        expected.put("layer.3.weight", new Shape(4, 4));
        expected.put("layer.4.weight", new Shape(4, 4));
        expected.put("missing.a", new Shape(2));
        expected.put("missing.b", new Shape(2));
        WeightLoader loader = WeightLoader.strict("test model").ignoring("rotary\\..*");
        try (ShardedCheckpoint c = ShardedCheckpoint.open(dir)) {
            assertThatThrownBy(() -> loader.check(c, expected))
                    .isInstanceOfSatisfying(WeightMismatchException.class, e -> {
                        assertThat(e.missing()).containsExactly("missing.a", "missing.b");
                        assertThat(e.unexpected()).containsExactly("extra.bias");
                        assertThat(e.wrongShape()).singleElement().asString().contains("layer.1.weight")
                                .contains("(4, 5)").contains("(4, 4)");
                        assertThat(e.getMessage()).contains("test model");
                    });
            WeightLoader lenient = loader.ignoring("extra\\..*").allowingMissing("missing\\..*");
            expected.put("layer.1.weight", new Shape(4, 4));
            assertThat(lenient.check(c, expected)).isEmpty();
        }
    }

    @Test
    void prefixedCheckpointsLoadUnderTheirPrefixAndIgnoreOtherModels() throws Exception {
        Map<String, RawTensor> t = new LinkedHashMap<>();
        tensors().forEach((k, v) -> t.put("visual.trunk." + k, v));
        t.put("visual.head.proj.weight", RawTensor.ofFloats(new long[] {1}, new float[] {1}));
        t.put("text.token_embedding.weight", RawTensor.ofFloats(new long[] {1}, new float[] {1}));
        SafetensorsWriter.writeRaw(dir.resolve("model.safetensors"), t, null);
        Map<String, Shape> expected = new LinkedHashMap<>();
        for (int i = 0; i < 5; i++) {
            expected.put("layer." + i + ".weight", new Shape(4, 4));
        }
        WeightLoader loader = WeightLoader.strict("trunk").withPrefixes("", "visual.trunk.");
        try (ShardedCheckpoint c = ShardedCheckpoint.open(dir);
             ai.djl.ndarray.NDManager m = ai.djl.engine.Engine.getEngine("PyTorch").newBaseManager()) {
            assertThat(loader.check(c, expected)).isEqualTo("visual.trunk.");
            assertThat(loader.load(c, expected, m)).containsOnlyKeys(List.copyOf(expected.keySet()));
        }
    }
}
