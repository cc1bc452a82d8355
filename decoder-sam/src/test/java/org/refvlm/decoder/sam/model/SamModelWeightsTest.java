package org.refvlm.decoder.sam.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.refvlm.nn.Parameters;
import org.refvlm.tensor.safetensors.SafetensorsWriter;

/**
 * SAM's weights load from a Hugging Face folder only when every name and shape is right; what is
 * wrong is named. transformers' tied copy of the position matrix and its old misspelling of the
 * upscaling norm are accepted; the config round-trips through Hugging Face's layout.
 */
class SamModelWeightsTest {

    @TempDir
    Path dir;

    private static SamConfig config() {
        return SamConfig.fromJson(new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(Map.of(
                "vision_config", Map.of("hidden_size", 16, "output_channels", 16, "num_hidden_layers", 2,
                        "num_attention_heads", 2, "image_size", 16, "patch_size", 4, "mlp_dim", 32, "window_size", 3,
                        "global_attn_indexes", List.of(0), "num_pos_feats", 8),
                "prompt_encoder_config", Map.of("hidden_size", 16, "image_size", 16, "patch_size", 4,
                        "mask_input_channels", 4),
                "mask_decoder_config", Map.of("hidden_size", 16, "mlp_dim", 32, "num_attention_heads", 2,
                        "iou_head_hidden_dim", 16))));
    }

    @Test
    void readsItsOwnCheckpointAndNamesMissingOrMisshapedWeights() throws Exception {
        SamConfig config = config();
        try (NDManager root = NDManager.newBaseManager(); Parameters drawn = new Parameters(root.newSubManager(), 7);
             Parameters fresh = new Parameters(root.newSubManager(), 8)) {
            SamModel source = new SamModel(drawn, config);
            Map<String, NDArray> all = new LinkedHashMap<>(drawn.asMap());
            Path good = Files.createDirectories(dir.resolve("good"));
            config.write(good.resolve("config.json"));
            // transformers writes the tied copy and, in some versions, the misspelt norm
            Map<String, NDArray> hf = new LinkedHashMap<>(all);
            hf.put("prompt_encoder.shared_embedding.positional_embedding", all.get(SamModel.SHARED_POSITION));
            hf.put("mask_decoder.upsacle_layer_norm.weight", hf.remove("mask_decoder.upscale_layer_norm.weight"));
            hf.put("mask_decoder.upsacle_layer_norm.bias", hf.remove("mask_decoder.upscale_layer_norm.bias"));
            SafetensorsWriter.write(good.resolve("model.safetensors"), hf, Map.of("format", "pt"));
            SamModel target = new SamModel(fresh, SamConfig.read(good.resolve("config.json")));
            target.loadWeights(good);
            for (String name : source.shapes().keySet()) {
                assertThat(fresh.get(name).toFloatArray()).as(name).containsExactly(drawn.get(name).toFloatArray());
            }

            Path missing = Files.createDirectories(dir.resolve("missing"));
            Map<String, NDArray> without = new LinkedHashMap<>(all);
            without.remove("mask_decoder.transformer.layers.1.cross_attn_image_to_token.v_proj.bias");
            SafetensorsWriter.write(missing.resolve("model.safetensors"), without, Map.of());
            assertThatThrownBy(() -> target.loadWeights(missing))
                    .hasMessageContaining("mask_decoder.transformer.layers.1.cross_attn_image_to_token.v_proj.bias");

            Path misshaped = Files.createDirectories(dir.resolve("misshaped"));
            Map<String, NDArray> wrong = new LinkedHashMap<>(all);
            wrong.put("vision_encoder.layers.0.attn.rel_pos_h", root.zeros(new Shape(5, 8)));
            SafetensorsWriter.write(misshaped.resolve("model.safetensors"), wrong, Map.of());
            assertThatThrownBy(() -> target.loadWeights(misshaped))
                    .hasMessageContaining("vision_encoder.layers.0.attn.rel_pos_h");
        }
    }

    @Test
    void configRoundTripsAndRejectsDisagreeingWidths() throws Exception {
        SamConfig config = config();
        config.write(dir.resolve("config.json"));
        assertThat(SamConfig.read(dir.resolve("config.json"))).isEqualTo(config);
        assertThat(config.vision().window(0)).isZero();
        assertThat(config.vision().window(1)).isEqualTo(3);
        Files.writeString(dir.resolve("bad.json"), "{\"vision_config\": {\"output_channels\": 64},"
                + " \"prompt_encoder_config\": {}, \"mask_decoder_config\": {}}");
        assertThatThrownBy(() -> SamConfig.read(dir.resolve("bad.json"))).hasMessageContaining("output_channels 64");
        SamConfig base = SamConfig.fromJson(new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode());
        assertThat(base.vision().hiddenSize()).isEqualTo(768);
        assertThat(base.vision().globalAttnIndexes()).containsExactly(2, 5, 8, 11);
        assertThat(base.maskSide()).isEqualTo(256);
    }
}
