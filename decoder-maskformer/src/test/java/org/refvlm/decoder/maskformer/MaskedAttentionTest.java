package org.refvlm.decoder.maskformer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.refvlm.decoder.maskformer.TinyMasks.L;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.refvlm.spi.support.DecoderFolder;
import org.refvlm.spi.DecoderInput;

/**
 * Mask2Former's masked attention on the tiny decoder ({@link TinyMasks#config(boolean)}); its
 * gradients, padding and overfitting are tested beside MaskFormer's own ({@code MaskFormerDecoderTest},
 * {@code OverfitTest}).
 */
class MaskedAttentionTest {

    private NDManager manager;
    private MaskFormerDecoder decoder;

    @BeforeEach
    void setUp() {
        manager = NDManager.newBaseManager();
        decoder = new MaskFormerDecoder(TinyMasks.config(true), manager, 7);
    }

    @AfterEach
    void tearDown() {
        decoder.close();
        manager.close();
    }

    @Test
    void isOptInAndReadsThePixelEmbeddingsInsteadOfTheStem() {
        assertThat(DecoderFolder.parseConfig(TinyMasks.BASE_CONFIG_JSON, MaskFormerDecoderConfig.class)
                .maskedAttention()).isFalse();
        try (MaskFormerDecoder plain = new MaskFormerDecoder(TinyMasks.config(false), manager, 7)) {
            // the same parameters, less the stem's projection into query memory
            assertThat(plain.parameters().keySet()).contains("memory_projection.weight");
            assertThat(decoder.parameters().keySet()).doesNotContain("memory_projection.weight", "memory_projection.bias");
            Map<String, NDArray> rest = new HashMap<>(plain.parameters());
            rest.remove("memory_projection.weight");
            rest.remove("memory_projection.bias");
            assertThat(decoder.parameters().keySet()).isEqualTo(rest.keySet());
        }
        NDArray logits = decoder.maskLogits(TinyMasks.input(manager, 1));
        assertThat(logits.getShape()).isEqualTo(new Shape(2, L, 32, 32));
        assertThat(logits.isNaN().any().getBoolean()).isFalse();
    }

    @Test
    void anOddPixelGridIsRejectedWithItsSize() {
        DecoderInput input = TinyMasks.input(manager, 1);
        Map<String, NDArray> features = new HashMap<>(input.features());
        features.put("stride8", manager.zeros(new Shape(2, 8, 31, 31)));
        DecoderInput odd = new DecoderInput(input.queries(), input.queryMask(), features, input.frames());
        assertThatThrownBy(() -> decoder.maskLogits(odd)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("31x31").hasMessageContaining("even");
    }
}
