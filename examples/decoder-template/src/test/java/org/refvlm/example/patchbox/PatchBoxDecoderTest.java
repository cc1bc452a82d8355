package org.refvlm.example.patchbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.refvlm.api.BoxUnit;
import org.refvlm.api.DecodedUnit;
import org.refvlm.spi.DecoderInput;
import org.refvlm.spi.support.DecoderFolder;
import org.refvlm.training.BatchSource;
import org.refvlm.training.Trainer;
import org.refvlm.training.TrainingConfig;
import org.refvlm.training.TrainingResult;

/**
 * The template decoder learns, through the platform's trainer, to box a bright square that only
 * the picture shows (the references' embeddings are noise, new for every batch), and boxes squares
 * of pictures it never saw; a saved decoder folder reads back to the same answers.
 */
class PatchBoxDecoderTest {

    @TempDir
    Path dir;

    private static PatchBoxConfig config() {
        return PatchBoxConfig.builder().queryInputDim(Squares.D).numQueries(4).imageSide(48).patchSize(8).width(32)
                .heads(2).build();
    }

    @Test
    void learnsToBoxWhatOnlyThePictureShows() throws Exception {
        BatchSource<Squares> data = (seed, index, manager) -> new Squares(seed * 1_000 + index, 8);
        TrainingConfig training = new TrainingConfig(600, 3e-3, 20, 3e-4, 0.0, 0.9, 0.999, 1e-8, 1.0, 1, 5, 600,
                dir.resolve("run"));
        try (NDManager root = NDManager.newBaseManager();
             PatchBoxDecoder decoder = new PatchBoxDecoder(config(), root, 1)) {
            decoder.parameters().values().forEach(p -> p.setRequiresGradient(true));
            TrainingResult result = new Trainer<>(training, decoder.parameters(), data,
                    micro -> decoder.loss(micro.data().input(micro.manager()), micro.data().targets())).run(false);
            List<Double> losses = result.losses();
            double first = mean(losses.subList(0, 10)), last = mean(losses.subList(losses.size() - 10, losses.size()));
            assertThat(last).as("losses %s", losses).isLessThan(first / 5);

            Squares unseen = new Squares(424_242, 16);
            List<List<DecodedUnit>> decoded;
            try (NDManager m = root.newSubManager()) {
                decoded = decoder.decode(unseen.input(m));
            }
            int hits = 0;
            for (int b = 0; b < 16; b++) {
                assertThat(decoded.get(b)).hasSize(1);
                hits += iou((BoxUnit) decoded.get(b).get(0), unseen.boxes.get(b)) >= 0.5 ? 1 : 0;
            }
            assertThat(hits).as("boxes with IoU >= 0.5 on 16 unseen pictures").isGreaterThanOrEqualTo(12);

            decoder.saveFolder(dir.resolve("trained"));
            try (NDManager m = root.newSubManager();
                 PatchBoxDecoder reloaded = PatchBoxDecoder.loadFolder(dir.resolve("trained"), root)) {
                assertThat(reloaded.decode(unseen.input(m))).isEqualTo(decoded);
            }
        }
    }

    @Test
    void asksForThePictureAndSaysSoWhenItIsMissing() {
        try (NDManager m = NDManager.newBaseManager(); PatchBoxDecoder decoder = new PatchBoxDecoder(config(), m, 1)) {
            assertThat(decoder.spec().needsImage()).isTrue();
            assertThat(decoder.spec().featureLevels()).isEmpty();
            DecoderInput withImage = new Squares(1, 2).input(m);
            DecoderInput withoutImage = new DecoderInput(withImage.queries(), withImage.queryMask(), Map.of(),
                    withImage.frames());
            assertThatThrownBy(() -> decoder.decode(withoutImage)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("needsImage");
        }
    }

    @Test
    void configReadsWithDefaultsAndNamesWhatIsWrong() {
        PatchBoxConfig c = DecoderFolder.parseConfig("{\"queryInputDim\": 16}", PatchBoxConfig.class);
        assertThat(c).isEqualTo(PatchBoxConfig.builder().queryInputDim(16).build());
        assertThat(c.imageSide()).isEqualTo(64);
        assertThatThrownBy(() -> DecoderFolder.parseConfig("{\"queryInputDim\": 16, \"patchSize\": 7}",
                PatchBoxConfig.class)).hasMessageContaining("patchSize 7 does not divide imageSide 64");
        assertThatThrownBy(() -> DecoderFolder.parseConfig("{\"queryInputDim\": 16, \"patchsize\": 8}",
                PatchBoxConfig.class)).hasMessageContaining("patchsize");
    }

    private static double mean(List<Double> values) {
        return values.stream().mapToDouble(d -> d).average().orElseThrow();
    }

    private static double iou(BoxUnit a, BoxUnit b) {
        double w = Math.max(0, Math.min(a.x1(), b.x1()) - Math.max(a.x0(), b.x0()));
        double h = Math.max(0, Math.min(a.y1(), b.y1()) - Math.max(a.y0(), b.y0()));
        double inter = w * h;
        return inter / (a.area() + b.area() - inter);
    }
}
