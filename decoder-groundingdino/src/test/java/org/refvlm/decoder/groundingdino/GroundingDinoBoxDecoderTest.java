package org.refvlm.decoder.groundingdino;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
 * The REF-driven Grounding DINO learns, through the platform's trainer, to box a bright square
 * that only the picture shows (the references' embeddings are noise, new for every batch), boxes
 * squares of pictures it never saw, and reads back from its folder to the same answers.
 */
class GroundingDinoBoxDecoderTest {

    @TempDir
    Path dir;

    /** A detector small enough to train in a unit test: width 32, one encoder and two decoder layers. */
    static JsonNode tinyDetector() throws Exception {
        return new ObjectMapper().readTree("""
                {"d_model": 32, "encoder_layers": 1, "decoder_layers": 2, "encoder_attention_heads": 2,
                 "decoder_attention_heads": 2, "encoder_ffn_dim": 64, "decoder_ffn_dim": 64,
                 "encoder_n_points": 2, "decoder_n_points": 2, "num_feature_levels": 3, "num_queries": 10,
                 "max_text_len": 8,
                 "backbone_config": {"model_type": "swin", "embed_dim": 16, "depths": [1, 1, 1],
                   "num_heads": [1, 2, 2], "window_size": 4, "patch_size": 4, "mlp_ratio": 2.0,
                   "image_size": 64, "out_features": ["stage2", "stage3"]},
                 "text_config": {"model_type": "bert", "hidden_size": 32, "num_hidden_layers": 1,
                   "num_attention_heads": 2, "intermediate_size": 64, "vocab_size": 64,
                   "max_position_embeddings": 16}}
                """);
    }

    static GroundingDinoDecoderConfig config(boolean trainBackbone) throws Exception {
        return GroundingDinoDecoderConfig.builder().queryInputDim(Squares.D).numQueries(4).imageSide(64)
                .detector(tinyDetector()).trainBackbone(trainBackbone).build();
    }

    @Test
    void learnsToBoxWhatOnlyThePictureShows() throws Exception {
        BatchSource<Squares> data = (seed, index, manager) -> new Squares(seed * 1_000 + index, 8);
        TrainingConfig training = new TrainingConfig(900, 4e-3, 30, 4e-4, 0.0, 0.9, 0.999, 1e-8, 1.0, 1, 5, 900,
                dir.resolve("run"));
        try (NDManager root = NDManager.newBaseManager();
             GroundingDinoBoxDecoder decoder = new GroundingDinoBoxDecoder(config(true), root, 1)) {
            decoder.parameters().values().forEach(p -> p.setRequiresGradient(true));
            TrainingResult result = new Trainer<>(training, decoder.parameters(), data,
                    micro -> decoder.loss(micro.data().input(micro.manager()), micro.data().targets())).run(false);
            List<Double> losses = result.losses();
            double first = mean(losses.subList(0, 10));
            double last = mean(losses.subList(losses.size() - 10, losses.size()));
            assertThat(last).as("losses %s", losses).isLessThan(first / 2);

            Squares unseen = new Squares(424_242, 16);
            List<List<DecodedUnit>> decoded;
            try (NDManager m = root.newSubManager()) {
                decoded = decoder.decode(unseen.input(m));
            }
            int hits = 0;
            for (int b = 0; b < 16; b++) {
                assertThat(decoded.get(b)).hasSize(1);
                BoxUnit box = (BoxUnit) decoded.get(b).get(0);
                assertThat(box.score()).isBetween(0.0, 1.0);
                hits += iou(box, unseen.boxes.get(b)) >= 0.5 ? 1 : 0;
            }
            assertThat(hits).as("boxes with IoU >= 0.5 on 16 unseen pictures").isGreaterThanOrEqualTo(12);

            decoder.saveFolder(dir.resolve("trained"));
            try (NDManager m = root.newSubManager();
                 GroundingDinoBoxDecoder reloaded = GroundingDinoBoxDecoder.loadFolder(dir.resolve("trained"), root)) {
                assertThat(reloaded.decode(unseen.input(m))).isEqualTo(decoded);
            }
        }
    }

    @Test
    void theBackboneIsFrozenUnlessConfiguredAndTheTextEncoderNeverTrains() throws Exception {
        try (NDManager m = NDManager.newBaseManager();
             GroundingDinoBoxDecoder frozen = new GroundingDinoBoxDecoder(config(false), m, 1);
             GroundingDinoBoxDecoder open = new GroundingDinoBoxDecoder(config(true), m, 1)) {
            assertThat(frozen.parameters().keySet()).noneMatch(n -> n.startsWith("model.backbone."))
                    .noneMatch(n -> n.startsWith("model.text_")).contains("ref_projection.layers.0.weight",
                            "bbox_embed.0.layers.2.bias", "model.encoder.layers.0.fusion_layer.vision_param");
            assertThat(open.parameters().keySet()).anyMatch(n -> n.startsWith("model.backbone."))
                    .noneMatch(n -> n.startsWith("model.text_"));
            assertThat(frozen.allParameters()).containsKey("model.text_backbone.embeddings.word_embeddings.weight");
        }
    }

    @Test
    void paddedReferencesChangeNoRealAnswerAndThePictureIsRequired() throws Exception {
        try (NDManager m = NDManager.newBaseManager();
             GroundingDinoBoxDecoder decoder = new GroundingDinoBoxDecoder(config(false), m, 3)) {
            assertThat(decoder.spec().needsImage()).isTrue();
            Squares s = new Squares(7, 2);
            DecoderInput one = s.input(m);
            // the same references in a 4-slot layout whose extra slots hold noise and are padding
            NDArray noise = m.randomNormal(new Shape(2, 3, Squares.D));
            NDArray queries = one.queries().concat(noise, 1);
            NDArray mask = m.create(new boolean[] {true, false, false, false, true, false, false, false},
                    new Shape(2, 4));
            DecoderInput padded = new DecoderInput(queries, mask, Map.of(), one.frames(), s.images);
            List<List<DecodedUnit>> a = decoder.decode(one);
            List<List<DecodedUnit>> b = decoder.decode(padded);
            for (int i = 0; i < 2; i++) {
                BoxUnit x = (BoxUnit) a.get(i).get(0);
                BoxUnit y = (BoxUnit) b.get(i).get(0);
                assertThat(y.x0()).isCloseTo(x.x0(), org.assertj.core.data.Offset.offset(1e-3));
                assertThat(y.score()).isCloseTo(x.score(), org.assertj.core.data.Offset.offset(1e-4));
            }
            DecoderInput withoutImage = new DecoderInput(one.queries(), one.queryMask(), Map.of(), one.frames());
            assertThatThrownBy(() -> decoder.decode(withoutImage)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("needsImage");
        }
    }

    @Test
    void configReadsWithDefaultsAndNamesWhatIsWrong() {
        GroundingDinoDecoderConfig c = DecoderFolder.parseConfig("{\"queryInputDim\": 16}",
                GroundingDinoDecoderConfig.class);
        assertThat(c).isEqualTo(GroundingDinoDecoderConfig.builder().queryInputDim(16).build());
        assertThat(c.detectorConfig().dModel()).isEqualTo(64);
        assertThatThrownBy(() -> DecoderFolder.parseConfig("{\"queryInputDim\": 16, \"numQueries\": 40}",
                GroundingDinoDecoderConfig.class)).hasMessageContaining("max_text_len");
        assertThatThrownBy(() -> DecoderFolder.parseConfig("{\"queryInputDim\": 16, \"numquery\": 8}",
                GroundingDinoDecoderConfig.class)).hasMessageContaining("numquery");
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
