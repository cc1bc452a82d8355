package org.refvlm.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.refvlm.api.BoxUnit;
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
}
