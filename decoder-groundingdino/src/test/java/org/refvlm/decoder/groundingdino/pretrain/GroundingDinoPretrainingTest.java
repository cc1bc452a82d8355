package org.refvlm.decoder.groundingdino.pretrain;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.refvlm.data.synth.Scene;
import org.refvlm.data.synth.SceneConfig;
import org.refvlm.data.synth.SceneGenerator;
import org.refvlm.decoder.groundingdino.GroundingDinoBoxDecoder;
import org.refvlm.decoder.groundingdino.GroundingDinoDecoderConfig;
import org.refvlm.decoder.groundingdino.model.CaptionDetector;
import org.refvlm.decoder.groundingdino.model.GroundingDino;
import org.refvlm.decoder.groundingdino.model.GroundingDinoModels;
import org.refvlm.training.TrainingResult;

/**
 * Grounding DINO pretrained from nothing with text prompts on synthetic scenes: the loss falls, the
 * result is a transformers folder that loads (every weight name and shape checked), detects with a
 * caption through its own tokenizer.json, and is what a REF-driven decoder's {@code initFrom}
 * starts from.
 */
class GroundingDinoPretrainingTest {

    @TempDir
    Path dir;

    @Test
    void lossFallsAndTheFolderDetectsWithACaptionAndStartsADecoder() throws Exception {
        GroundingDinoPretrainingRecipe recipe = GroundingDinoPretrainingRecipe.builder().steps(40).batchSize(2)
                .lr(2e-3).checkpointEvery(40).seed(3).build();
        Path folder = dir.resolve("run").resolve(GroundingDinoPretraining.RESULT);
        try (NDManager root = NDManager.newBaseManager()) {
            TrainingResult result = GroundingDinoPretraining.run(recipe, dir.resolve("run"), root, false);
            List<Double> losses = result.losses();
            double first = losses.subList(0, 5).stream().mapToDouble(d -> d).average().orElseThrow();
            double last = losses.subList(losses.size() - 10, losses.size()).stream().mapToDouble(d -> d).average()
                    .orElseThrow();
            assertThat(last).as("losses %s", losses).isLessThan(first * 0.8);
        }

        GroundingDino model = GroundingDinoModels.load(folder, Device.cpu());
        try (CaptionDetector detector = CaptionDetector.of(folder.resolve("tokenizer.json"));
             NDManager m = model.parameters().manager().newSubManager()) {
            Scene scene = new SceneGenerator(SceneConfig.DEFAULT).generate(4242);
            List<CaptionDetector.Detection> found = detector.detect(model, scene.picture(), "red circle. blue star.",
                    128, 0.0, 0.0, m);
            assertThat(found).hasSize(model.config().numQueries());
            assertThat(found).allSatisfy(d -> {
                assertThat(d.x0()).isBetween(0.0, 256.0);
                assertThat(d.x1()).isBetween(d.x0(), 256.0);
                assertThat(d.label()).matches("((red|circle|blue|star)( |$))*");
            });

            GroundingDinoDecoderConfig config = GroundingDinoDecoderConfig.builder().queryInputDim(16)
                    .initFrom(folder.toString()).build();
            try (NDManager root = NDManager.newBaseManager();
                 GroundingDinoBoxDecoder decoder = new GroundingDinoBoxDecoder(config, root, 9)) {
                String[] names = {"model.backbone.conv_encoder.model.embeddings.patch_embeddings.projection.weight",
                        "model.enc_output.weight", "bbox_embed.0.layers.2.bias", "model.text_projection.weight"};
                for (String name : names) {
                    assertThat(decoder.allParameters().get(name).toFloatArray()).as(name)
                            .containsExactly(model.parameters().get(name).toFloatArray());
                }
            }
        } finally {
            model.parameters().close();
        }
    }
}
