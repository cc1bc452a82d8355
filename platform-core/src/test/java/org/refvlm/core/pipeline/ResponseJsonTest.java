package org.refvlm.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.refvlm.api.BoxUnit;
import org.refvlm.api.Keypoint;
import org.refvlm.api.KeypointsUnit;
import org.refvlm.api.ReferredObject;
import org.refvlm.api.Response;

class ResponseJsonTest {

    @Test
    void aBoxWithoutConfidenceHasNoScoreFieldAndOneWithConfidenceKeepsIt() throws Exception {
        Response response = new Response("text", List.of(
                ReferredObject.decoded("dog", 0, new BoxUnit(1, 2, 3, 4, BoxUnit.NO_SCORE)),
                ReferredObject.decoded("cat", 0, new BoxUnit(1, 2, 3, 4, 0.25))), List.of());
        JsonNode objects = new ObjectMapper().readTree(ResponseJson.write(response)).get("objects");
        assertThat(objects.get(0).has("box")).isTrue();
        assertThat(objects.get(0).has("score")).isFalse();
        assertThat(objects.get(1).get("score").asDouble()).isEqualTo(0.25);
    }

    @Test
    void aScoreOutsideZeroToOneIsRefused() {
        assertThatThrownBy(() -> new BoxUnit(0, 0, 1, 1, 1.5)).hasMessageContaining("[0, 1] or NO_SCORE");
    }

    @Test
    void aKeypointSetCarriesItsSchemaAndEachPointsScore() throws Exception {
        KeypointsUnit decoded = new KeypointsUnit(new BoxUnit(10, 20, 50, 60, 0.75), List.of(
                new Keypoint("centre", 30, 40, Keypoint.VISIBLE, 0.9),
                new Keypoint("apex", 30, 21.5, Keypoint.OCCLUDED, 0.25),
                new Keypoint("bottom left", -3, 55, Keypoint.NOT_LABELLED, 0.1)), "synth-triangle");
        KeypointsUnit truth = new KeypointsUnit(new BoxUnit(10, 20, 50, 60, BoxUnit.NO_SCORE),
                List.of(new Keypoint("k", 1, 2, Keypoint.VISIBLE)));
        Response response = new Response("text", List.of(ReferredObject.decoded("triangle", 0, decoded),
                ReferredObject.decoded("triangle", 1, truth)), List.of());
        JsonNode objects = new ObjectMapper().readTree(ResponseJson.write(response)).get("objects");
        JsonNode first = objects.get(0);
        assertThat(first.get("schema").asText()).isEqualTo("synth-triangle");
        assertThat(first.get("score").asDouble()).isEqualTo(0.75);
        assertThat(first.get("box").size()).isEqualTo(4);
        JsonNode points = first.get("keypoints");
        assertThat(points.size()).isEqualTo(3);
        assertThat(points.get(1).get("name").asText()).isEqualTo("apex");
        assertThat(points.get(1).get("y").asDouble()).isEqualTo(21.5);
        assertThat(points.get(1).get("visibility").asInt()).isEqualTo(1);
        assertThat(points.get(1).get("score").asDouble()).isEqualTo(0.25);
        // Without a schema or scores, those fields are left out rather than made up.
        JsonNode second = objects.get(1);
        assertThat(second.has("schema")).isFalse();
        assertThat(second.has("score")).isFalse();
        assertThat(second.get("keypoints").get(0).has("score")).isFalse();
    }

    @Test
    void keypointValuesAreChecked() {
        assertThat(new Keypoint("k", 1, 2, 2).hasScore()).isFalse();
        assertThat(new KeypointsUnit(new BoxUnit(0, 0, 1, 1, 1), List.of()).hasSchema()).isFalse();
        assertThatThrownBy(() -> new Keypoint("k", 1, 2, 2, 1.5)).hasMessageContaining("[0, 1] or NO_SCORE");
        assertThatThrownBy(() -> new Keypoint("k", 1, 2, 3)).hasMessageContaining("0, 1 or 2");
    }
}
