package org.refvlm.encoder.clipvit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Files;
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

class ClipVisionTest {
    private final Path folder = TestFixtures.folder("clip-vit-tiny");

    @Test
    void refVlmFeaturesArePenultimateLayerWithoutCls() throws Exception {
        try (ClipVisionEncoder clip = ClipVisionModels.load(folder, Device.cpu());
             NDManager m = Engine.getEngine("PyTorch").newBaseManager();
             SafetensorsFile g = SafetensorsFile.open(folder.resolve("golden.safetensors"))) {
            NDArray px = g.load("forward.in.pixel_values", m, true);
            int owned = clip.parameters().manager().getManagedArrays().size();
            List<NDArray> f = clip.features(px, m);
            assertThat(clip.parameters().manager().getManagedArrays()).hasSize(owned);
            assertThat(px.getManager()).isSameAs(m);
            assertThat(f).hasSize(1);
            assertThat(f.get(0).getShape()).isEqualTo(new Shape(2, 16, 64));
            NDArray expected = g.load("forward.out.hidden_states.2", m, true).get(new NDIndex(":, 1:, :"));
            assertThat(f.get(0).sub(expected).abs().max().getFloat()).isLessThan(1e-4f);
            assertThat(clip.isTrainable()).isFalse();
            clip.setTrainable(true);
            assertThat(clip.parameters().trainableNames()).hasSize(clip.config().expectedWeights().size());
            clip.setTrainable(false);
            assertThat(clip.parameters().trainableNames()).isEmpty();
            assertThatThrownBy(() -> clip.forward(m.zeros(new Shape(1, 3, 48, 48)), m))
                    .hasMessageContaining("do not match");
        }
    }

    @Test
    void acceptsFullClipCheckpointsUnderVisionModelPrefix(@TempDir Path dir) throws Exception {
        Map<String, RawTensor> w = new LinkedHashMap<>();
        try (SafetensorsFile f = SafetensorsFile.open(folder.resolve("model.safetensors"))) {
            for (String n : f.names()) {
                float[] v = f.readFloats(n);
                w.put("vision_model." + n, RawTensor.ofFloats(f.info(n).shape(), v));
            }
        }
        w.put("text_model.embeddings.token_embedding.weight", RawTensor.ofFloats(new long[] {2}, new float[2]));
        w.put("visual_projection.weight", RawTensor.ofFloats(new long[] {2}, new float[2]));
        w.put("logit_scale", RawTensor.ofFloats(new long[] {}, new float[1]));
        SafetensorsWriter.writeRaw(dir.resolve("model.safetensors"), w, null);
        Files.copy(folder.resolve("config.json"), dir.resolve("config.json"));
        try (ClipVisionEncoder a = ClipVisionModels.load(dir, Device.cpu(), -1, false);
             ClipVisionEncoder b = ClipVisionModels.load(folder, Device.cpu(), -1, false);
             NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
            NDArray px = m.randomUniform(-1, 1, new Shape(1, 3, 32, 32));
            NDArray fa = a.features(px, m).get(0);
            assertThat(fa.getShape()).isEqualTo(new Shape(1, 17, 64));
            assertThat(fa.sub(b.features(px, m).get(0)).abs().max().getFloat()).isZero();
        }
    }
}
