package org.refvlm.core.matching;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.refvlm.tensor.safetensors.SafetensorsFile;
import org.refvlm.tensor.safetensors.TensorInfo;

/** Box and mask ops against torchvision / torch outputs (conformance fixture {@code box-mask-ops}). */
class BoxMaskOpsConformanceTest {

    private static final double ATOL = 1e-6; // from the fixture's manifest
    private static NDManager manager;
    private static final Map<String, NDArray> golden = new HashMap<>();

    @BeforeAll
    static void load() throws IOException, URISyntaxException {
        manager = NDManager.newBaseManager();
        Path file = Path.of(BoxMaskOpsConformanceTest.class.getResource("/conformance/box-mask-ops/golden.safetensors").toURI());
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            for (String tName : f.names()) {
                TensorInfo t = f.info(tName);
                golden.put(t.name(), manager.create(f.readFloats(t.name()), new Shape(t.shape())));
            }
        }
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    private static void assertClose(NDArray actual, String expectedName) {
        NDArray expected = golden.get(expectedName);
        assertThat(actual.getShape()).isEqualTo(expected.getShape());
        float diff = actual.sub(expected).abs().max().getFloat();
        assertThat((double) diff).as("max |diff| for %s", expectedName).isLessThanOrEqualTo(ATOL);
    }

    @Test
    void pairwiseIou() {
        assertClose(BoxOps.iou(golden.get("iou.in.a"), golden.get("iou.in.b")), "iou.out.box_iou");
    }

    @Test
    void pairwiseGeneralizedIou() {
        assertClose(BoxOps.generalizedIou(golden.get("iou.in.a"), golden.get("iou.in.b")), "iou.out.generalized_box_iou");
    }

    @Test
    void sigmoidFocalLoss() {
        assertClose(MaskOps.sigmoidFocal(golden.get("focal.in.logits"), golden.get("focal.in.targets"), 0.25, 2),
                "focal.out.loss_none");
    }
}
