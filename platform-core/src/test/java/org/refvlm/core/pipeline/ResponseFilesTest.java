package org.refvlm.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.refvlm.api.BoxUnit;
import org.refvlm.api.DepthMap;
import org.refvlm.api.DepthUnit;
import org.refvlm.api.ReferredObject;
import org.refvlm.api.Response;
import org.refvlm.api.RgbImage;

class ResponseFilesTest {

    @TempDir
    Path dir;

    private static final DepthMap DEPTH = new DepthMap(3, 2, new float[] {0.5f, 1.2345f, 12f, 70f, 0f, Float.NaN});

    @Test
    void eachDepthMapIsA16BitMillimetrePngBesideTheJsonThatNamesIt() throws Exception {
        Response response = new Response("text", List.of(
                ReferredObject.decoded("dog", 0, new BoxUnit(1, 2, 3, 4, 1)),
                ReferredObject.decoded("scene", 0, new DepthUnit(DEPTH)),
                ReferredObject.failed("scene", "depth", 1, "no decoder installed for unit 'depth'")), List.of());
        Path json = dir.resolve("r.json");
        List<Path> written = ResponseFiles.write(response, json);
        assertThat(written).containsExactly(dir.resolve("r.depth-1.png"));

        JsonNode depth = new ObjectMapper().readTree(Files.readString(json)).get("objects").get(1).get("depth");
        assertThat(depth.get("file").asText()).isEqualTo("r.depth-1.png");
        assertThat(depth.get("unitsPerMetre").asInt()).isEqualTo(1000);
        assertThat(depth.get("width").asInt()).isEqualTo(3);
        assertThat(depth.get("min").floatValue()).isEqualTo(0.5f);
        assertThat(depth.get("max").floatValue()).isEqualTo(70f);

        BufferedImage png = ImageIO.read(written.get(0).toFile());
        assertThat(png.getRaster().getSampleModel().getSampleSize(0)).isEqualTo(16);
        Raster r = png.getRaster();
        assertThat(new int[] {r.getSample(0, 0, 0), r.getSample(1, 0, 0), r.getSample(2, 0, 0), r.getSample(0, 1, 0),
                r.getSample(1, 1, 0), r.getSample(2, 1, 0)}).containsExactly(500, 1235, 12000, 65535, 0, 0);
        assertThat(ResponseJson.write(response)).doesNotContain("file");
    }

    @Test
    void theOverlayDrawsTheDepthMapBesideThePicture() {
        byte[] rgb = new byte[3 * 2 * 3];
        BufferedImage out = new OverlayRenderer().render(new RgbImage(3, 2, rgb),
                List.of(ReferredObject.decoded("scene", 0, new DepthUnit(DEPTH))));
        assertThat(out.getWidth()).isEqualTo(6);
        assertThat(out.getHeight()).isEqualTo(2);
        assertThat(out.getRGB(1, 1) & 0xffffff).as("the picture").isZero();
        assertThat(out.getRGB(5, 1) & 0xffffff).as("unknown depth").isZero();
        BufferedImage plain = new OverlayRenderer().render(new RgbImage(3, 2, rgb), List.of());
        assertThat(plain.getWidth()).isEqualTo(3);
    }
}
