package org.refvlm.encoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.refvlm.TestFixtures;
import org.refvlm.encoder.clipvit.ClipVisionModels;
import org.refvlm.encoder.convnext.ConvNextModels;
import org.refvlm.tensor.safetensors.SafetensorsFile;

/**
 * Both encoders in float16 give their float32 features within half precision's error, as
 * float32 arrays; bfloat16 is refused before anything computes.
 */
class HalfPrecisionEncoderTest {

    private static void compare(VisionEncoder full, VisionEncoder half, NDArray pixels, NDManager m) {
        List<NDArray> a = full.features(pixels, m);
        List<NDArray> b = half.features(pixels, m);
        assertThat(b).hasSameSizeAs(a);
        for (int i = 0; i < a.size(); i++) {
            assertThat(b.get(i).getDataType()).isEqualTo(DataType.FLOAT32);
            float scale = a.get(i).abs().max().getFloat();
            float diff = a.get(i).sub(b.get(i)).abs().max().getFloat();
            assertThat(diff).as("feature map %d: max difference against max magnitude %s", i, scale)
                    .isLessThan(2e-2f * Math.max(1f, scale));
        }
    }

    @Test
    void clipVitInFloat16MatchesFloat32() throws Exception {
        var folder = TestFixtures.folder("clip-vit-tiny");
        try (NDManager m = Engine.getEngine("PyTorch").newBaseManager();
             VisionEncoder full = ClipVisionModels.load(folder, Device.cpu());
             VisionEncoder half = HalfPrecisionEncoder.of(ClipVisionModels.load(folder, Device.cpu()), "float16");
             SafetensorsFile g = SafetensorsFile.open(folder.resolve("golden.safetensors"))) {
            assertThat(half.parameters().asMap().values()).allMatch(p -> p.getDataType() == DataType.FLOAT16);
            compare(full, half, g.load("forward.in.pixel_values", m, true), m);
            assertThatThrownBy(() -> half.setTrainable(true)).hasMessageContaining("for inference");
        }
    }

    @Test
    void convNextInFloat16MatchesFloat32() throws Exception {
        var folder = TestFixtures.folder("convnext-tiny");
        try (NDManager m = Engine.getEngine("PyTorch").newBaseManager();
             VisionEncoder full = ConvNextModels.load(folder, Device.cpu());
             VisionEncoder half = HalfPrecisionEncoder.of(ConvNextModels.load(folder, Device.cpu()), "float16")) {
            compare(full, half, m.randomNormal(new ai.djl.ndarray.types.Shape(2, 3, 64, 64)), m);
        }
    }

    @Test
    void bfloat16AndUnknownTypesAreRefused() throws Exception {
        try (VisionEncoder e = ClipVisionModels.load(TestFixtures.folder("clip-vit-tiny"), Device.cpu())) {
            assertThatThrownBy(() -> HalfPrecisionEncoder.of(e, "bfloat16")).hasMessageContaining("DJL 0.36");
            assertThatThrownBy(() -> HalfPrecisionEncoder.of(e, "int8")).hasMessageContaining("float32 or float16");
            assertThat(HalfPrecisionEncoder.of(e, "float32")).isSameAs(e);
        }
    }
}
