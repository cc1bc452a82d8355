package org.refvlm.core.vision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.refvlm.tensor.safetensors.SafetensorsWriter;

class ProjectorTest {

    private final NDManager manager = NDManager.newBaseManager();

    @TempDir
    Path dir;

    /** A projector file holding exactly {@code tensors}. */
    private Path file(Map<String, NDArray> tensors) throws IOException {
        Path f = dir.resolve("projector.safetensors");
        SafetensorsWriter.write(f, tensors, Map.of());
        return f;
    }

    @AfterEach
    void close() {
        manager.close();
    }

    @Test
    void computesLinearGeluLinearWithExactGelu() throws IOException {
        Projector p = Projector.read(file(Map.of(
                Projector.W1, manager.create(new float[] {1, 2, -1, 0.5f}, new Shape(2, 2)),
                Projector.B1, manager.create(new float[] {0.1f, -0.2f}),
                Projector.W2, manager.create(new float[] {1, 0, 1, -1}, new Shape(2, 2)),
                Projector.B2, manager.create(new float[] {0, 1}))), manager);
        float[] out = p.forward(manager.create(new float[] {0.5f, -1}, new Shape(1, 2))).toFloatArray();
        double h0 = gelu(0.5 * 1 + -1 * 2 + 0.1), h1 = gelu(0.5 * -1 + -1 * 0.5 - 0.2);
        assertThat(out[0]).isCloseTo((float) h0, within(1e-6f));
        assertThat(out[1]).isCloseTo((float) (h0 - h1 + 1), within(1e-6f));
    }

    /** Exact GELU, x * Phi(x), with erf from its Taylor series (converges fast for |x| < 3). */
    private static double gelu(double x) {
        double z = x / Math.sqrt(2), term = z, sum = z;
        for (int n = 1; n < 60; n++) {
            term *= -z * z / n;
            sum += term / (2 * n + 1);
        }
        return 0.5 * x * (1 + 2 / Math.sqrt(Math.PI) * sum);
    }

    @Test
    void mapsAnyLeadingShape() {
        Projector p = new Projector(manager, 8, 16, 1);
        NDArray out = p.forward(manager.ones(new Shape(2, 3, 8)));
        assertThat(out.getShape()).isEqualTo(new Shape(2, 3, 16));
    }

    @Test
    void loadingReportsEveryProblemAtOnce() throws IOException {
        Projector p = new Projector(manager, 4, 6, 1);
        float before = p.parameters().get(Projector.B1).getFloat(0);
        Path wrong = file(Map.of(
                Projector.W1, manager.zeros(new Shape(6, 5)),
                Projector.B1, manager.zeros(new Shape(6)),
                "model.1.weight", manager.zeros(new Shape(1))));
        assertThatThrownBy(() -> p.load(wrong))
                .hasMessageContaining("model.0.weight: expected (6, 4) found (6, 5)")
                .hasMessageContaining("model.2.weight")
                .hasMessageContaining("model.2.bias")
                .hasMessageContaining("unexpected (1): model.1.weight");
        assertThat(p.parameters().get(Projector.B1).getFloat(0)).as("nothing changed").isEqualTo(before);
    }

    @Test
    void wrongTokenWidthIsNamed() {
        Projector p = new Projector(manager, 4, 6, 1);
        assertThatThrownBy(() -> p.forward(manager.ones(new Shape(3, 5))))
                .hasMessage("projector expects 4-wide tokens, got (3, 5)");
    }
}
