package org.refvlm.trainer.score.coco;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.refvlm.api.CocoRle;

/**
 * Polygons rasterised exactly as pycocotools does: the masks pycocotools made of the polygons in
 * {@code polygon_golden.json} (the vt-instruct module's golden file, made by its Python script).
 */
class PolygonRleTest {

    @Test
    void everyGoldenPolygonGivesPycocotoolsMaskPixelForPixel() throws Exception {
        JsonNode golden = new ObjectMapper().readTree(getClass().getResource("/org/refvlm/trainer/score/polygon_golden.json"));
        int n = 0;
        for (JsonNode p : golden.path("polygons")) {
            int h = p.path("height").asInt();
            int w = p.path("width").asInt();
            double[] xy = new double[p.path("polygon").size()];
            for (int i = 0; i < xy.length; i++) {
                xy[i] = p.path("polygon").get(i).asDouble();
            }
            CocoRle mask = PolygonRle.rasterise(List.of(xy), h, w);
            assertThat(mask.toCompactString()).as("polygon %d", n).isEqualTo(p.path("counts").asText());
            assertThat(mask.area()).isEqualTo(p.path("area").asLong());
            n++;
        }
        assertThat(n).isGreaterThanOrEqualTo(8);
    }

    @Test
    void twoPolygonsOfOneObjectAreUnited() {
        double[] left = {1, 1, 4, 1, 4, 4, 1, 4};
        double[] right = {6, 1, 9, 1, 9, 4, 6, 4};
        CocoRle both = PolygonRle.rasterise(List.of(left, right), 10, 10);
        assertThat(both.area()).isEqualTo(PolygonRle.rasterise(List.of(left), 10, 10).area()
                + PolygonRle.rasterise(List.of(right), 10, 10).area());
    }
}
