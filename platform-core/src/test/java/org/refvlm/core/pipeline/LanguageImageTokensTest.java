package org.refvlm.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The language model's image tokens come from the map the model was trained to read. */
class LanguageImageTokensTest {

    private static PipelineSettings reading(String level) {
        return new PipelineSettings("<image>{prompt}", 64, 10, 4, 2, 10_000, null, level);
    }

    @Test
    void aPyramidLevelsCellsAreTheTokensRowByRow() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray vit = m.arange(2 * 4 * 3f).reshape(2, 4, 3);                               // [B, N, C]
            NDArray stage = m.arange(2 * 5 * 9f).reshape(2, 5, 3, 3);                          // [B, C, 3, 3]
            Map<String, NDArray> features = DecoderFeatures.of(vit, List.of(stage, stage, stage, stage));
            assertThat(LanguageImageTokens.tokens(vit, features, reading("vit"))).isSameAs(vit);
            NDArray tokens = LanguageImageTokens.tokens(vit, features, reading("stride16"));
            assertThat(tokens.getShape()).isEqualTo(new Shape(2, 9, 5));
            // token (row 1, column 2) of sample 1, channel 4 is the map's cell there
            assertThat(tokens.getFloat(1, 5, 4)).isEqualTo(stage.getFloat(1, 4, 1, 2));
            assertThat(LanguageImageTokens.promptSide(96, reading("stride16"))).isEqualTo(64);
            assertThat(LanguageImageTokens.promptSide(96, reading("vit"))).isEqualTo(96);
            Map<String, NDArray> vitOnly = DecoderFeatures.of(vit, List.of());
            assertThatThrownBy(() -> LanguageImageTokens.tokens(vit, vitOnly, reading("stride8")))
                    .hasMessageContaining("reads its image tokens from 'stride8'");
        }
    }

    @Test
    void anUnknownMapIsRefusedByName() {
        assertThatThrownBy(() -> reading("stride64")).hasMessageContaining("imageTokens must be one of");
        assertThat(reading(null).imageTokens()).isEqualTo("vit");
    }
}
