package org.refvlm.decoder.depth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.refvlm.spi.support.DecoderFolder;

class DepthDecoderConfigTest {

    @Test
    void jsonRoundTripsAndLeftOutFieldsTakeTheDefaults() throws Exception {
        DepthDecoderConfig tiny = DepthDecoderConfig.builder().queryInputDim(128).numQueries(8)
                .featureDims(List.of(24, 48, 96, 192)).dModel(32).normGroups(8).maxDepth(20).silogLambda(0.5).build();
        String json = new ObjectMapper().writeValueAsString(tiny);
        assertThat(DecoderFolder.parseConfig(json, DepthDecoderConfig.class)).isEqualTo(tiny);
        assertThat(tiny.toBuilder().build()).isEqualTo(tiny);

        DepthDecoderConfig sparse = DecoderFolder.parseConfig("{\"queryInputDim\": 128}", DepthDecoderConfig.class);
        assertThat(sparse).isEqualTo(DepthDecoderConfig.builder().queryInputDim(128).build());
        assertThat(sparse.featureLevels()).containsExactly("stride4", "stride8", "stride16", "stride32");
        assertThat(sparse.silogLambda()).isEqualTo(0.85);
        assertThat(sparse.silogScale()).isEqualTo(10.0);
        assertThat(sparse.minDepth()).isEqualTo(0.001);
        assertThat(sparse.maxDepth()).isEqualTo(80.0);
    }

    @Test
    void anUnknownFieldIsRejectedByName() {
        assertThatThrownBy(() -> DecoderFolder.parseConfig("{\"queryInputDim\": 128, \"maxDepht\": 10}",
                DepthDecoderConfig.class)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxDepht");
    }

    @Test
    void inconsistentValuesAreNamed() {
        assertThatThrownBy(() -> DecoderFolder.parseConfig("{\"featureDims\": [1, 2]}", DepthDecoderConfig.class))
                .hasMessageContaining("featureLevels and featureDims");
        assertThatThrownBy(() -> DepthDecoderConfig.builder().silogLambda(1.5).build()).hasMessageContaining("silogLambda");
        assertThatThrownBy(() -> DepthDecoderConfig.builder().minDepth(5).maxDepth(2).build())
                .hasMessageContaining("minDepth");
        assertThatThrownBy(() -> DepthDecoderConfig.builder().dModel(30).normGroups(8).build())
                .hasMessageContaining("dModel 30 is not divisible by normGroups 8");
        assertThatThrownBy(() -> DepthDecoderConfig.builder().featureLevels(List.of("stride4", "stride4", "stride8", "stride16"))
                .build()).hasMessageContaining("distinct");
    }
}
