package org.refvlm.decoder.sam.pretrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.refvlm.api.MaskUnit;
import org.refvlm.api.RgbImage;
import org.refvlm.data.synth.Scene;
import org.refvlm.data.synth.SceneConfig;
import org.refvlm.data.synth.SceneGenerator;
import org.refvlm.decoder.sam.SamPrompting;
import org.refvlm.decoder.sam.model.SamConfig;
import org.refvlm.decoder.sam.model.SamModel;
import org.refvlm.nn.Parameters;
import org.refvlm.training.TrainingResult;

/**
 * SAM pretrained from nothing on synthetic scenes with box and point prompts: the loss falls, the
 * result is a Hugging Face SAM folder that loads, and SAM's own prompts then segment with it. With
 * phrase prompts as well: the batches name real objects, and the folder still holds SAM's weights
 * only (the strict load rejects any other name).
 */
class SamPretrainingTest {

    @TempDir
    Path dir;

    private static SamConfig tiny() {
        return SamConfig.fromJson(new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(java.util.Map.of(
                "vision_config", java.util.Map.of("hidden_size", 32, "output_channels", 32, "num_hidden_layers", 2,
                        "num_attention_heads", 2, "image_size", 64, "patch_size", 8, "mlp_dim", 64, "window_size", 4,
                        "global_attn_indexes", List.of(1), "num_pos_feats", 16),
                "prompt_encoder_config", java.util.Map.of("hidden_size", 32, "image_size", 64, "patch_size", 8,
                        "mask_input_channels", 8),
                "mask_decoder_config", java.util.Map.of("hidden_size", 32, "mlp_dim", 64, "num_attention_heads", 2,
                        "iou_head_hidden_dim", 32))));
    }

    @Test
    void lossFallsAndTheSamFolderSegmentsFromPrompts() throws Exception {
        SamPretrainingRecipe recipe = SamPretrainingRecipe.builder().sam(tiny()).steps(80).batchSize(4)
                .promptsPerImage(2).sceneSize(64).lr(3e-3).checkpointEvery(80).seed(3).build();
        try (NDManager root = NDManager.newBaseManager()) {
            TrainingResult result = SamPretraining.run(recipe, dir.resolve("run"), root, false);
            List<Double> losses = result.losses();
            double first = losses.subList(0, 5).stream().mapToDouble(d -> d).average().orElseThrow();
            double last = losses.subList(losses.size() - 5, losses.size()).stream().mapToDouble(d -> d).average()
                    .orElseThrow();
            assertThat(last).as("losses %s", losses).isLessThan(first / 2);

            Path folder = dir.resolve("run").resolve(SamPretraining.RESULT);
            try (Parameters params = new Parameters(root.newSubManager())) {
                SamModel sam = new SamModel(params, SamConfig.read(folder.resolve("config.json")));
                sam.loadWeights(folder);
                Scene scene = new SceneGenerator(new SceneConfig(64, 2, 3)).generate(99);
                RgbImage image = scene.picture();
                org.refvlm.data.Box box = scene.boxes().get(0);
                MaskUnit mask = SamPrompting.segment(sam, image, List.of(),
                        new SamPrompting.Box(box.x0(), box.y0(), box.x1(), box.y1()), false, root);
                assertThat(mask.mask().width()).isEqualTo(64);
                assertThat(mask.mask().height()).isEqualTo(64);
                assertThat(mask.score()).isBetween(0.0, 1.0);
                MaskUnit pointed = SamPrompting.segment(sam, image,
                        List.of(new SamPrompting.Point((box.x0() + box.x1()) / 2, (box.y0() + box.y1()) / 2, true)),
                        null, true, root);
                assertThat(pointed.mask().width()).isEqualTo(64);
            }
        }
    }

    @Test
    void phrasePromptsNameTheirObjectAndStayOutOfTheSamFolder() throws Exception {
        SamPretrainingRecipe recipe = SamPretrainingRecipe.builder().sam(tiny()).steps(40).batchSize(4)
                .promptsPerImage(2).phrasePromptsPerImage(2).sceneSize(64).lr(3e-3).checkpointEvery(40).seed(5)
                .build();
        try (NDManager root = NDManager.newBaseManager();
             Parameters words = new Parameters(root.newSubManager())) {
            PhraseEncoder encoder = new PhraseEncoder(words, 32);
            PromptedScenes scenes = new PromptedScenes(recipe, encoder);
            PromptedScenes.Batch batch = scenes.batch(5, 0);
            assertThat(batch.phrasePrompts()).isEqualTo(2);
            int v = encoder.vocabularySize();
            int cells = recipe.sam().maskSide() * recipe.sam().maskSide();
            int named = 0;
            for (int k = 0; k < 4 * 2; k++) {
                double rowSum = 0;
                for (int w = 0; w < v; w++) {
                    rowSum += batch.phraseWords()[k * v + w];
                }
                double covered = 0;
                for (int c = 0; c < cells; c++) {
                    covered += batch.phraseTargets()[k * cells + c];
                }
                if (batch.phraseValid()[k] == 1) {
                    named++;
                    assertThat(rowSum).as("a phrase's word weights sum to 1").isCloseTo(1.0, within(1e-5));
                    assertThat(covered).as("its object covers part of the grid").isGreaterThan(0);
                } else {
                    assertThat(rowSum).isZero();
                }
            }
            assertThat(named).as("most scenes have an object to name").isGreaterThanOrEqualTo(6);
            assertThat(scenes.batch(5, 0).phraseWords()).as("a pure function of (seed, index)")
                    .containsExactly(batch.phraseWords());
            assertThatThrownBy(() -> encoder.wordIndices("the striped unicorn"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'unicorn'")
                    .hasMessageContaining("the striped unicorn");

            TrainingResult result = SamPretraining.run(recipe, dir.resolve("phrases"), root, false);
            assertThat(result.losses()).hasSize(40).allMatch(d -> Double.isFinite(d));
            Path folder = dir.resolve("phrases").resolve(SamPretraining.RESULT);
            try (Parameters params = new Parameters(root.newSubManager())) {
                new SamModel(params, SamConfig.read(folder.resolve("config.json"))).loadWeights(folder);
            }
        }
    }
}
