package org.refvlm.decoder.sam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.refvlm.api.DecodedUnit;
import org.refvlm.api.MaskUnit;
import org.refvlm.spi.support.DecoderFolder;
import org.refvlm.training.BatchSource;
import org.refvlm.training.Trainer;
import org.refvlm.training.TrainingConfig;
import org.refvlm.training.TrainingResult;

/**
 * The SAM decoder trained by the platform's trainer: with the image encoder frozen (the default)
 * only the projection and the mask decoder change; it learns to segment a disc that only the
 * picture shows; a saved folder reads back to the same answers.
 */
class SamDecoderTest {

    @TempDir
    Path dir;

    @Test
    void trainsProjectionAndMaskDecoderOnlyAndLearnsFromThePicture() throws Exception {
        BatchSource<Discs> data = (seed, index, manager) -> new Discs(seed * 1_000 + index, 8);
        TrainingConfig training = new TrainingConfig(300, 3e-3, 20, 3e-4, 0.0, 0.9, 0.999, 1e-8, 1.0, 1, 5, 300,
                dir.resolve("run"));
        try (NDManager root = NDManager.newBaseManager();
             SamDecoder decoder = new SamDecoder(Discs.config(), Discs.tinySam(), root, 1)) {
            assertThat(decoder.parameters().keySet())
                    .allMatch(n -> n.startsWith("projection.") || n.startsWith("mask_decoder."))
                    .anyMatch(n -> n.startsWith("projection.")).anyMatch(n -> n.startsWith("mask_decoder."));
            Map<String, float[]> before = snapshot(decoder.allParameters());
            decoder.parameters().values().forEach(p -> p.setRequiresGradient(true));
            TrainingResult result = new Trainer<>(training, decoder.parameters(), data,
                    micro -> decoder.loss(micro.data().input(micro.manager()), micro.data().targets())).run(false);
            List<Double> losses = result.losses();
            double first = mean(losses.subList(0, 10)), last = mean(losses.subList(losses.size() - 10, losses.size()));
            assertThat(last).as("losses %s", losses).isLessThan(first / 3);

            Map<String, float[]> after = snapshot(decoder.allParameters());
            before.forEach((name, values) -> {
                boolean changed = !java.util.Arrays.equals(values, after.get(name));
                boolean trains = decoder.parameters().containsKey(name);
                if (!trains) {
                    assertThat(changed).as("frozen %s changed", name).isFalse();
                }
            });
            assertThat(before.keySet().stream().filter(n -> n.startsWith("mask_decoder."))
                    .anyMatch(n -> !java.util.Arrays.equals(before.get(n), after.get(n)))).isTrue();

            Discs unseen = new Discs(424_242, 16);
            List<List<DecodedUnit>> decoded;
            try (NDManager m = root.newSubManager()) {
                decoded = decoder.decode(unseen.input(m));
            }
            double iouSum = 0;
            for (int b = 0; b < 16; b++) {
                assertThat(decoded.get(b)).hasSize(1);
                MaskUnit mask = (MaskUnit) decoded.get(b).get(0);
                assertThat(mask.mask().width()).isEqualTo(Discs.WIDTH);
                assertThat(mask.mask().height()).isEqualTo(Discs.HEIGHT);
                assertThat(mask.score()).isBetween(0.0, 1.0);
                iouSum += Discs.iou(mask.mask().decode(), unseen.pixels.get(b));
            }
            assertThat(iouSum / 16).as("mean IoU on 16 unseen pictures").isGreaterThan(0.6);

            decoder.saveFolder(dir.resolve("trained"));
            try (NDManager m = root.newSubManager();
                 SamDecoder reloaded = SamDecoder.loadFolder(dir.resolve("trained"), root)) {
                assertThat(reloaded.decode(unseen.input(m))).isEqualTo(decoded);
                assertThat(reloaded.config()).isEqualTo(decoder.config());
            }
        }
    }

    @Test
    void configReadsWithDefaultsAndNamesWhatIsWrong() throws Exception {
        String sam = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(Discs.tinySam());
        SamDecoderConfig c = DecoderFolder.parseConfig("{\"queryInputDim\": 16, \"sam\": " + sam + "}",
                SamDecoderConfig.class);
        assertThat(c.sam()).isEqualTo(Discs.tinySam());
        assertThat(c.loss()).isEqualTo("focal-dice");
        assertThat(c.maskWeight()).isEqualTo(20);
        assertThat(c.diceWeight()).isEqualTo(1);
        assertThat(c.projectionHidden()).isEqualTo(16);
        assertThat(c.trainImageEncoder()).isFalse();
        SamDecoderConfig lisa = DecoderFolder.parseConfig("{\"queryInputDim\": 16, \"loss\": \"bce-dice\", \"sam\": "
                + sam + "}", SamDecoderConfig.class);
        assertThat(lisa.maskWeight()).isEqualTo(2);
        assertThat(lisa.diceWeight()).isEqualTo(0.5);
        assertThatThrownBy(() -> DecoderFolder.parseConfig("{\"queryInputDim\": 16}", SamDecoderConfig.class))
                .hasMessageContaining("samFrom");
        assertThatThrownBy(() -> DecoderFolder.parseConfig("{\"queryInputDim\": 16, \"loss\": \"l2\", \"sam\": " + sam
                + "}", SamDecoderConfig.class)).hasMessageContaining("l2");
        assertThatThrownBy(() -> DecoderFolder.parseConfig("{\"queryInputDim\": 16, \"numQuery\": 3, \"sam\": " + sam
                + "}", SamDecoderConfig.class)).hasMessageContaining("numQuery");
    }

    @Test
    void trainingTheImageEncoderIsAnOption() {
        SamDecoderConfig c = SamDecoderConfig.builder().queryInputDim(Discs.D).sam(Discs.tinySam())
                .trainImageEncoder(true).build();
        try (NDManager root = NDManager.newBaseManager(); SamDecoder decoder = new SamDecoder(c, c.sam(), root, 1)) {
            assertThat(decoder.parameters().keySet()).anyMatch(n -> n.startsWith("vision_encoder."))
                    .noneMatch(n -> n.startsWith("prompt_encoder."));
        }
    }

    private static Map<String, float[]> snapshot(Map<String, NDArray> params) {
        Map<String, float[]> out = new HashMap<>();
        params.forEach((k, v) -> out.put(k, v.toFloatArray()));
        return out;
    }

    private static double mean(List<Double> values) {
        return values.stream().mapToDouble(d -> d).average().orElseThrow();
    }
}
