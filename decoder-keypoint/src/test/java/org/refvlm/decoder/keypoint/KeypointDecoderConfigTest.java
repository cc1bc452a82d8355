package org.refvlm.decoder.keypoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.refvlm.data.synth.ShapeKind;
import org.refvlm.spi.support.DecoderFolder;

class KeypointDecoderConfigTest {

    @Test
    void jsonRoundTripsAndFieldsLeftOutTakeTheDefaults() throws Exception {
        KeypointDecoderConfig config = Scenes.config().toBuilder().oksWeight(3.5).scoreWeight(0.5).build();
        String json = new ObjectMapper().writeValueAsString(config);
        assertThat(DecoderFolder.parseConfig(json, KeypointDecoderConfig.class)).isEqualTo(config);

        KeypointDecoderConfig partial = DecoderFolder.parseConfig("{\"queryInputDim\": 128, \"featureDims\": [48, 96, 192]}",
                KeypointDecoderConfig.class);
        assertThat(partial).isEqualTo(KeypointDecoderConfig.builder().queryInputDim(128)
                .featureDims(List.of(48, 96, 192)).build());
        assertThat(partial.featureLevels()).containsExactly("stride8", "stride16", "stride32");
        assertThat(partial.schemas()).isEqualTo(KeypointSchemas.defaults());
        assertThat(partial.maxKeypoints()).isEqualTo(17);
        assertThat(partial.schemaIndex("synth-hexagon")).isEqualTo(6);
        assertThat(partial.schemaIndex("synth-octagon")).isEqualTo(-1);
    }

    @Test
    void schemasAreReadFromJson() {
        KeypointDecoderConfig c = DecoderFolder.parseConfig("{\"queryInputDim\": 8, \"schemas\": [{\"name\": \"hand\","
                + " \"keypointNames\": [\"wrist\", \"thumb\"], \"sigmas\": [0.05, 0.02]}]}", KeypointDecoderConfig.class);
        assertThat(c.schemas()).containsExactly(new KeypointSchema("hand", List.of("wrist", "thumb"), List.of(0.05, 0.02)));
        assertThat(c.maxKeypoints()).isEqualTo(2);
    }

    @Test
    void anUnknownFieldOrAWrongSchemaIsNamed() {
        assertThatThrownBy(() -> DecoderFolder.parseConfig("{\"queryInputDim\": 8, \"oksWieght\": 2}",
                KeypointDecoderConfig.class)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("oksWieght");
        assertThatThrownBy(() -> DecoderFolder.parseConfig("{\"schemas\": [{\"name\": \"hand\", \"keypointNames\": [\"a\"],"
                + " \"sigmas\": [0.1], \"colour\": \"red\"}]}", KeypointDecoderConfig.class)).hasMessageContaining("colour");
        assertThatThrownBy(() -> DecoderFolder.parseConfig("{\"schemas\": [{\"name\": \"hand\", \"keypointNames\": [\"a\", \"b\"],"
                + " \"sigmas\": [0.1]}]}", KeypointDecoderConfig.class)).hasMessageContaining("2 keypoint names but 1 sigmas");
        assertThatThrownBy(() -> KeypointDecoderConfig.builder().schemas(List.of(KeypointSchemas.SYNTH_STAR,
                KeypointSchemas.SYNTH_STAR)).build()).hasMessageContaining("'synth-star' is listed twice");
        assertThatThrownBy(() -> KeypointDecoderConfig.builder().schemas(List.of()).build())
                .hasMessageContaining("at least one keypoint schema");
        assertThatThrownBy(() -> KeypointSchema.uniform("x", List.of("a"), 0)).hasMessageContaining("sigmas must be positive");
        assertThatThrownBy(() -> KeypointDecoderConfig.builder().visibilityWeight(-1).build())
                .hasMessageContaining("non-negative");
    }

    @Test
    void theGroundingMapIsOffByDefaultAndItsOptionsNeedIt() {
        KeypointDecoderConfig plain = DecoderFolder.parseConfig("{\"queryInputDim\": 8}", KeypointDecoderConfig.class);
        assertThat(plain.grounded()).isFalse();
        assertThat(plain.boxesFromMap()).isFalse();
        KeypointDecoderConfig grounded = DecoderFolder.parseConfig(
                "{\"queryInputDim\": 8, \"alignWeight\": 1, \"boxesFromMap\": true, \"refineMap\": true}",
                KeypointDecoderConfig.class);
        assertThat(grounded.grounded()).isTrue();
        assertThat(grounded.refineMap()).isTrue();
        assertThatThrownBy(() -> KeypointDecoderConfig.builder().boxesFromMap(true).build())
                .hasMessageContaining("boxesFromMap needs the grounding map");
        assertThatThrownBy(() -> KeypointDecoderConfig.builder().refineMap(true).build())
                .hasMessageContaining("refineMap needs the grounding map");
        assertThatThrownBy(() -> KeypointDecoderConfig.builder().alignWeight(-1).build())
                .hasMessageContaining("align -1");
    }

    @Test
    void thePointRefinerIsOffByDefaultAndItsOptionsAreChecked() {
        KeypointDecoderConfig plain = DecoderFolder.parseConfig("{\"queryInputDim\": 8}", KeypointDecoderConfig.class);
        assertThat(plain.refinesPoints()).isFalse();
        KeypointDecoderConfig refining = DecoderFolder.parseConfig(
                "{\"queryInputDim\": 8, \"pointRefineSide\": 128, \"pointRefineSteps\": 2}", KeypointDecoderConfig.class);
        assertThat(refining.refinesPoints()).isTrue();
        assertThat(refining.pointRefineWindow()).isEqualTo(5);
        assertThat(refining.pointRefineReach()).isEqualTo(0.25);
        assertThat(refining.toBuilder().build()).isEqualTo(refining);
        assertThatThrownBy(() -> KeypointDecoderConfig.builder().pointRefineSide(-1).build())
                .hasMessageContaining("pointRefineSide must be 0 (no refiner) or positive, got -1");
        assertThatThrownBy(() -> KeypointDecoderConfig.builder().pointRefineSide(64).pointRefineReach(1.5).build())
                .hasMessageContaining("pointRefineReach in (0, 1]").hasMessageContaining("1.5");
        assertThatThrownBy(() -> KeypointDecoderConfig.builder().pointRefineSide(64).pointRefineSteps(0).build())
                .hasMessageContaining("pointRefineSteps above 0");
        assertThat(refining.pointRefineScore()).isFalse();
        assertThat(refining.toBuilder().pointRefineScore(true).build().pointRefineScore()).isTrue();
        assertThatThrownBy(() -> KeypointDecoderConfig.builder().pointRefineScore(true).build())
                .hasMessageContaining("pointRefineScore needs the point refiner");
    }

    @Test
    void theSyntheticSchemasAreTheShapesOfTheSyntheticWorld() {
        List<KeypointSchema> synthetic = KeypointSchemas.synthetic();
        assertThat(synthetic).hasSize(ShapeKind.values().length);
        for (ShapeKind kind : ShapeKind.values()) {
            KeypointSchema schema = synthetic.get(kind.ordinal());
            assertThat(schema.name()).isEqualTo(kind.schema());
            assertThat(schema.keypointNames()).isEqualTo(kind.keypointNames());
            assertThat(schema.keypointNames()).hasSize(kind.keypoints(0, 0, 1).length);
            assertThat(schema.sigmas()).containsOnly(KeypointSchemas.SYNTHETIC_SIGMA);
        }
    }

    @Test
    void cocoPersonHasCocosSeventeenSigmas() {
        KeypointSchema person = KeypointSchemas.COCO_PERSON;
        assertThat(person.size()).isEqualTo(17);
        assertThat(person.sigmas().get(0)).isEqualTo(0.026);
        assertThat(person.sigmas().get(16)).isEqualTo(0.089);
        double mean = person.sigmas().stream().mapToDouble(d -> d).average().orElseThrow();
        assertThat(mean).isCloseTo(0.0669, within(1e-4));
    }
}
