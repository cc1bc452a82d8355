package org.refvlm.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link NativeConvolutionCheck} and what {@link Conv2d} makes of it: whatever the CPU, a
 * convolution on the shapes that broke oneDNN's kernels on one machine (20 and 24 input channels,
 * batch 2; off by up to 20 there before the check) agrees with the direct loops; the property
 * overrides the check, and a bad value is named.
 */
class NativeConvolutionCheckTest extends KitTest {

    @AfterEach
    void clearProperty() {
        System.clearProperty(NativeConvolutionCheck.PROPERTY);
    }

    @Test
    void conv2dIsRightOnChannelCountsThatSpanSimdBlocksWithATail() {
        for (int in : new int[] {12, 20, 24, 28, 40}) {
            // batch 2: PyTorch hands a batch of one to its own kernels, a larger one to oneDNN
            DirectConvolution c = new DirectConvolution(2, in, 6, 12, 12, ConvOptions.kernel(2).padding(1));
            SplittableRandom random = new SplittableRandom(in);
            float[] x = DirectConvolution.gaussian(random, c.batch() * in * c.h() * c.w());
            float[] w = DirectConvolution.gaussian(random, c.weightSize());
            float[] b = DirectConvolution.gaussian(random, c.out());
            NDArray y = Conv2d.apply(manager.create(x, new Shape(2, in, 12, 12)),
                    manager.create(w, new Shape(6, in, 2, 2)), manager.create(b), c.o());
            double[] expected = c.forward(x, w, b);
            float[] actual = y.toFloatArray();
            double worst = 0;
            for (int i = 0; i < expected.length; i++) {
                worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
            }
            assertThat(worst).as("largest |difference| from the direct loops, %d input channels", in)
                    .isLessThanOrEqualTo(1e-4);
        }
    }

    @Test
    void onTheCpuTheCheckRunsAndItsVerdictFollowsTheDifferences() {
        NativeConvolutionCheck.Verdict v = NativeConvolutionCheck.decide(manager);
        assertThat(v.device()).isEqualTo(Device.cpu());
        assertThat(v.checked()).isTrue();
        assertThat(v.dense()).isEqualTo(v.denseDiff() <= NativeConvolutionCheck.TOLERANCE
                ? ConvolutionPath.ENGINE : ConvolutionPath.MATRIX_PRODUCTS);
        assertThat(v.depthwise()).isEqualTo(v.depthwiseDiff() <= NativeConvolutionCheck.TOLERANCE
                ? ConvolutionPath.ENGINE : ConvolutionPath.MATRIX_PRODUCTS);
        assertThat(v.describe()).contains("cpu").contains("max |diff|");
    }

    @Test
    void depthwiseConvolutionsTakeTheirOwnPath() {
        NativeConvolutionCheck.Verdict v = new NativeConvolutionCheck.Verdict(Device.cpu(), true, 20, 0,
                ConvolutionPath.MATRIX_PRODUCTS, ConvolutionPath.ENGINE);
        assertThat(v.path(48, 48)).isEqualTo(ConvolutionPath.ENGINE);
        assertThat(v.path(48, 1)).isEqualTo(ConvolutionPath.MATRIX_PRODUCTS);
        assertThat(v.path(48, 2)).as("grouped, not depthwise").isEqualTo(ConvolutionPath.MATRIX_PRODUCTS);
        assertThat(v.path(1, 1)).as("one channel, one group").isEqualTo(ConvolutionPath.MATRIX_PRODUCTS);
    }

    @Test
    void thePropertyOverridesTheCheck() {
        System.setProperty(NativeConvolutionCheck.PROPERTY, "unfolded");
        assertThat(NativeConvolutionCheck.decide(manager)).extracting(NativeConvolutionCheck.Verdict::checked,
                NativeConvolutionCheck.Verdict::dense, NativeConvolutionCheck.Verdict::depthwise)
                .containsExactly(false, ConvolutionPath.MATRIX_PRODUCTS, ConvolutionPath.MATRIX_PRODUCTS);
        System.setProperty(NativeConvolutionCheck.PROPERTY, " Native ");
        assertThat(NativeConvolutionCheck.decide(manager)).extracting(NativeConvolutionCheck.Verdict::checked,
                NativeConvolutionCheck.Verdict::dense, NativeConvolutionCheck.Verdict::depthwise)
                .containsExactly(false, ConvolutionPath.ENGINE, ConvolutionPath.ENGINE);
    }

    @Test
    void aBadPropertyValueIsNamed() {
        System.setProperty(NativeConvolutionCheck.PROPERTY, "fast");
        assertThatThrownBy(() -> NativeConvolutionCheck.decide(manager)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(NativeConvolutionCheck.PROPERTY).hasMessageContaining("'fast'")
                .hasMessageContaining("auto, native or unfolded");
    }

    @Test
    void theWarningSaysWhichInstructionSetToTry() {
        assertThat(NativeConvolutionCheck.isaAdvice(null, false)).contains("ONEDNN_MAX_CPU_ISA=SSE41")
                .doesNotContain("bin/refvlm");
        assertThat(NativeConvolutionCheck.isaAdvice(" ", true)).contains("ONEDNN_MAX_CPU_ISA=SSE41")
                .contains("bin/refvlm starts the next run on this CPU with it");
        assertThat(NativeConvolutionCheck.isaAdvice("AVX2 ", true)).contains("ONEDNN_MAX_CPU_ISA=AVX2 is set and did not help")
                .contains("SSE41 is the setting found right");
        assertThat(NativeConvolutionCheck.isaAdvice("SSE41", true)).contains("will not set it again");
    }

    @Test
    void theCheckKeepsItsVerdictWhereTheLauncherAsks(@TempDir Path dir) throws Exception {
        Path record = dir.resolve("cache/convolution-check.properties");
        System.setProperty(ConvolutionCheckRecord.FILE_PROPERTY, record.toString());
        System.setProperty(ConvolutionCheckRecord.CPU_PROPERTY, "1234");
        try {
            NativeConvolutionCheck.Verdict v = NativeConvolutionCheck.decide(manager);
            String isa = System.getenv(NativeConvolutionCheck.ISA_VARIABLE);
            String key = isa == null || isa.isBlank() ? "default" : isa.strip();
            boolean right = v.dense() == ConvolutionPath.ENGINE && v.depthwise() == ConvolutionPath.ENGINE;
            assertThat(ConvolutionCheckRecord.read(record)).containsEntry("cpu", "1234")
                    .containsEntry(key, right ? "right" : "wrong");
            assertThat(Files.readString(record)).startsWith("# Whether libtorch's oneDNN convolutions were right");
            try (var files = Files.list(record.getParent())) {
                assertThat(files).containsExactly(record);                  // no temporary file left
            }
        } finally {
            System.clearProperty(ConvolutionCheckRecord.FILE_PROPERTY);
            System.clearProperty(ConvolutionCheckRecord.CPU_PROPERTY);
        }
    }
}
