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

    @Test
    void severalTokensPerCellAreConsecutiveRowsAndSurviveAFileRoundTrip() throws IOException {
        Projector p = new Projector(manager, 8, 16, 3, 7);
        assertThat(p.parameters().get(Projector.W2).getShape()).isEqualTo(new Shape(48, 16));
        NDArray in = manager.randomNormal(new Shape(2, 5, 8));
        NDArray out = p.forward(in);                                                   // [2, 15, 16]
        assertThat(out.getShape()).isEqualTo(new Shape(2, 15, 16));
        // cell 4 of picture 1, its third token: rows 32..47 of the second layer on cell 4's hidden state
        NDArray hidden = p.forward(in).get("1, 14, :");
        NDArray direct = in.get("1, 4, :");
        NDArray h = direct.matMul(p.parameters().get(Projector.W1).transpose()).add(p.parameters().get(Projector.B1));
        h = h.mul(h.div((float) Math.sqrt(2)).erf().add(1)).mul(0.5f);
        NDArray expected = h.matMul(p.parameters().get(Projector.W2).get("32:48, :").transpose())
                .add(p.parameters().get(Projector.B2).get("32:48"));
        assertThat(hidden.sub(expected).abs().max().getFloat()).isLessThan(1e-5f);

        Path f = dir.resolve("wide.safetensors");
        p.save(f);
        Projector back = Projector.read(f, manager);
        assertThat(back.tokensPerCell()).isEqualTo(3);
        assertThat(back.forward(in).sub(out).abs().max().getFloat()).isEqualTo(0f);
        assertThatThrownBy(() -> back.forward(manager.ones(new Shape(8))))
                .hasMessageContaining("3 tokens per cell needs [..., N, 8] tokens");
    }

    @Test
    void aWidenedProjectorStartsWithEveryTokenOfACellEqualToTheOldToken() {
        Projector narrow = new Projector(manager, 8, 16, 5);
        Projector wide = narrow.withTokensPerCell(4, manager);
        NDArray in = manager.randomNormal(new Shape(6, 8));
        NDArray old = narrow.forward(in);                                              // [6, 16]
        NDArray now = wide.forward(in).reshape(6, 4, 16);                              // [6, 4, 16]
        for (int slot = 0; slot < 4; slot++) {
            assertThat(now.get(":, " + slot + ", :").sub(old).abs().max().getFloat()).isLessThan(1e-6f);
        }
        assertThatThrownBy(() -> wide.withTokensPerCell(2, manager)).hasMessageContaining("only a one-token-per-cell");
    }

    @Test
    void aSecondLayerThatIsNoWholeNumberOfBlocksIsRefused() throws IOException {
        Path f = file(Map.of(
                Projector.W1, manager.zeros(new Shape(4, 3)),
                Projector.B1, manager.zeros(new Shape(4)),
                Projector.W2, manager.zeros(new Shape(6, 4)),
                Projector.B2, manager.zeros(new Shape(6))));
        assertThatThrownBy(() -> Projector.read(f, manager)).hasMessageContaining("has 6 rows, not a multiple of the 4");
    }
}
