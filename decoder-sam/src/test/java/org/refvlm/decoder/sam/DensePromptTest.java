package org.refvlm.decoder.sam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.refvlm.spi.DecoderImage;
import org.refvlm.spi.DecoderInput;

/**
 * The dense prompt from the platform's feature maps ({@code denseLevels}): the decoder asks for
 * those maps; its projections start at zero, so a fresh decoder answers exactly as SAM without
 * them; they train with the projection and the mask decoder and then change the answer; a missing
 * map and a bad config are named.
 */
class DensePromptTest {

    private static SamDecoderConfig withMaps() {
        return SamDecoderConfig.builder().queryInputDim(Discs.D).numQueries(2).sam(Discs.tinySam()).projectionHidden(32)
                .denseLevels(List.of("stride8", "stride16")).denseDims(List.of(6, 10)).build();
    }

    @Test
    void startsAsSamAloneAndItsProjectionsTrain() {
        Discs discs = new Discs(7, 2);
        try (NDManager root = NDManager.newBaseManager();
             SamDecoder plain = new SamDecoder(Discs.config(), Discs.tinySam(), root, 3);
             SamDecoder dense = new SamDecoder(withMaps(), Discs.tinySam(), root, 3)) {
            assertThat(dense.spec().featureLevels()).containsExactly("stride8", "stride16");
            assertThat(dense.parameters().keySet()).contains("dense_prompt.0.weight", "dense_prompt.0.bias",
                    "dense_prompt.1.weight", "dense_prompt.1.bias");
            try (NDManager m = root.newSubManager()) {
                DecoderInput input = withFeatures(discs.input(m), m);
                float[] alone = plain.predict(discs.input(m)).logits().toFloatArray();
                assertThat(dense.predict(input).logits().toFloatArray()).containsExactly(alone);

                dense.parameters().get("dense_prompt.1.weight").set(m.ones(new Shape(32, 10)).mul(0.1f).toFloatArray());
                assertThat(dense.predict(input).logits().toFloatArray()).isNotEqualTo(alone);
            }
        }
    }

    @Test
    void aMissingMapAndABadConfigAreNamed() {
        Discs discs = new Discs(8, 1);
        try (NDManager root = NDManager.newBaseManager();
             SamDecoder dense = new SamDecoder(withMaps(), Discs.tinySam(), root, 3);
             NDManager m = root.newSubManager()) {
            assertThatThrownBy(() -> dense.predict(discs.input(m))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("stride8");
        }
        assertThatThrownBy(() -> SamDecoderConfig.builder().queryInputDim(4).sam(Discs.tinySam())
                .denseLevels(List.of("stride8")).build()).hasMessageContaining("denseDims");
        assertThatThrownBy(() -> SamDecoderConfig.builder().queryInputDim(4).sam(Discs.tinySam())
                .denseLevels(List.of("stride7")).denseDims(List.of(3)).build()).hasMessageContaining("stride7");
    }

    /** The same input with a stride-8 map of 6 channels (4x4) and a stride-16 map of 10 (2x2). */
    private static DecoderInput withFeatures(DecoderInput input, NDManager m) {
        int b = input.batchSize();
        NDArray s8 = m.randomNormal(new Shape(b, 6, 4, 4));
        NDArray s16 = m.randomNormal(new Shape(b, 10, 2, 2));
        List<DecoderImage> images = java.util.stream.IntStream.range(0, b).mapToObj(input::image).toList();
        return new DecoderInput(input.queries(), input.queryMask(), Map.of("stride8", s8, "stride16", s16),
                input.frames(), images);
    }
}
