package org.refvlm.encoder.convnext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.refvlm.TestFixtures;
import org.refvlm.tensor.safetensors.RawTensor;
import org.refvlm.tensor.safetensors.SafetensorsFile;
import org.refvlm.tensor.safetensors.SafetensorsWriter;
import org.refvlm.tensor.safetensors.WeightMismatchException;

class ConvNextTest {
    private final Path folder = TestFixtures.folder("convnext-tiny");

    @Test
    void infersGeometryAndReturnsFourStageMaps() throws Exception {
        try (ConvNextTrunk t = ConvNextModels.load(folder, Device.cpu());
             NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
            assertThat(t.config().depths()).containsExactly(1, 1, 2, 1);
            assertThat(t.config().dims()).containsExactly(16, 32, 48, 64);
            assertThat(t.config().kernelSize()).isEqualTo(7);
            assertThat(t.config().layerScale()).isTrue();
            int owned = t.parameters().manager().getManagedArrays().size();
            List<NDArray> maps = t.features(m.randomUniform(-1, 1, new Shape(2, 3, 96, 64)), m);
            assertThat(t.parameters().manager().getManagedArrays()).hasSize(owned);
            assertThat(maps).extracting(NDArray::getShape).containsExactly(new Shape(2, 16, 24, 16),
                    new Shape(2, 32, 12, 8), new Shape(2, 48, 6, 4), new Shape(2, 64, 3, 2));
            assertThat(t.isTrainable()).isFalse();
        }
    }

    @Test
    void openClipPrefixLoadsAndOtherTowersAreIgnored(@TempDir Path dir) throws Exception {
        Map<String, RawTensor> w = new LinkedHashMap<>();
        try (SafetensorsFile f = SafetensorsFile.open(folder.resolve("model.safetensors"))) {
            for (String n : f.names()) {
                w.put("visual.trunk." + n, RawTensor.ofFloats(f.info(n).shape(), f.readFloats(n)));
            }
        }
        w.put("visual.head.mlp.fc1.weight", RawTensor.ofFloats(new long[] {2}, new float[2]));
        w.put("text.transformer.resblocks.0.ln_1.weight", RawTensor.ofFloats(new long[] {2}, new float[2]));
        SafetensorsWriter.writeRaw(dir.resolve("open_clip.safetensors"), w, null);
        try (SafetensorsFile src = SafetensorsFile.open(dir.resolve("open_clip.safetensors"));
             ConvNextTrunk a = ConvNextModels.fromCheckpoint(src, Device.cpu(), 1e-6);
             ConvNextTrunk b = ConvNextModels.load(folder, Device.cpu());
             NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
            NDArray px = m.randomUniform(-1, 1, new Shape(1, 3, 64, 64));
            List<NDArray> fa = a.features(px, m);
            List<NDArray> fb = b.features(px, m);
            for (int i = 0; i < 4; i++) {
                assertThat(fa.get(i).sub(fb.get(i)).abs().max().getFloat()).isZero();
            }
        }
    }

    @Test
    void misshapenTrunkWeightIsReported(@TempDir Path dir) throws Exception {
        Map<String, RawTensor> w = new LinkedHashMap<>();
        try (SafetensorsFile f = SafetensorsFile.open(folder.resolve("model.safetensors"))) {
            for (String n : f.names()) {
                w.put(n, RawTensor.ofFloats(f.info(n).shape(), f.readFloats(n)));
            }
        }
        w.put("stages.2.blocks.1.mlp.fc2.bias", RawTensor.ofFloats(new long[] {47}, new float[47]));
        w.remove("stages.3.blocks.0.gamma");
        SafetensorsWriter.writeRaw(dir.resolve("bad.safetensors"), w, null);
        try (SafetensorsFile src = SafetensorsFile.open(dir.resolve("bad.safetensors"))) {
            assertThatThrownBy(() -> ConvNextModels.fromCheckpoint(src, Device.cpu(), 1e-6))
                    .isInstanceOfSatisfying(WeightMismatchException.class, e -> {
                        assertThat(e.wrongShape()).singleElement().asString().contains("stages.2.blocks.1.mlp.fc2.bias");
                        assertThat(e.missing()).containsExactly("stages.3.blocks.0.gamma");
                    });
        }
    }
}
