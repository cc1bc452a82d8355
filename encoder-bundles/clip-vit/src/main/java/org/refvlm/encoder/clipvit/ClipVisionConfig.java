package org.refvlm.encoder.clipvit;

import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CLIP vision tower configuration ({@code CLIPVisionConfig}); reads either a vision config or a
 * full {@code CLIPConfig} (its {@code vision_config}). Defaults are transformers' defaults.
 */
public record ClipVisionConfig(int hiddenSize, int intermediateSize, int numHiddenLayers, int numAttentionHeads,
                               int numChannels, int imageSize, int patchSize, double layerNormEps, String hiddenAct) {

    public ClipVisionConfig {
        if (hiddenSize % numAttentionHeads != 0) {
            throw new IllegalArgumentException("hidden_size not divisible by num_attention_heads");
        }
        if (imageSize % patchSize != 0) {
            throw new IllegalArgumentException("image_size " + imageSize + " not divisible by patch_size " + patchSize);
        }
        if (!hiddenAct.equals("quick_gelu") && !hiddenAct.equals("gelu")) {
            throw new IllegalArgumentException("hidden_act '" + hiddenAct + "' not supported (quick_gelu, gelu)");
        }
    }

    public static ClipVisionConfig fromJson(Path configJson) throws IOException {
        return parse(new ObjectMapper().readTree(Files.readAllBytes(configJson)));
    }

    /** This config as a Hugging Face {@code config.json} ({@code clip_vision_model}), what {@link #parse} reads back. */
    public String toJson() {
        com.fasterxml.jackson.databind.node.ObjectNode j = new ObjectMapper().createObjectNode();
        j.put("model_type", "clip_vision_model");
        j.put("hidden_size", hiddenSize);
        j.put("intermediate_size", intermediateSize);
        j.put("num_hidden_layers", numHiddenLayers);
        j.put("num_attention_heads", numAttentionHeads);
        j.put("num_channels", numChannels);
        j.put("image_size", imageSize);
        j.put("patch_size", patchSize);
        j.put("layer_norm_eps", layerNormEps);
        j.put("hidden_act", hiddenAct);
        return j.toPrettyString();
    }

    public static ClipVisionConfig parse(JsonNode root) {
        JsonNode c = root.has("vision_config") ? root.get("vision_config") : root;
        return new ClipVisionConfig(
                c.path("hidden_size").asInt(768),
                c.path("intermediate_size").asInt(3072),
                c.path("num_hidden_layers").asInt(12),
                c.path("num_attention_heads").asInt(12),
                c.path("num_channels").asInt(3),
                c.path("image_size").asInt(224),
                c.path("patch_size").asInt(32),
                c.path("layer_norm_eps").asDouble(1e-5),
                c.path("hidden_act").asText("quick_gelu"));
    }

    /** Patches per side. */
    public int gridSize() {
        return imageSize / patchSize;
    }

    /** Tokens including CLS. */
    public int numPositions() {
        return gridSize() * gridSize() + 1;
    }

    public int headDim() {
        return hiddenSize / numAttentionHeads;
    }

    /** Every weight with its shape, in {@code CLIPVisionModel} names without the {@code vision_model.} prefix. */
    public Map<String, Shape> expectedWeights() {
        Map<String, Shape> m = new LinkedHashMap<>();
        long d = hiddenSize;
        m.put("embeddings.class_embedding", new Shape(d));
        m.put("embeddings.patch_embedding.weight", new Shape(d, numChannels, patchSize, patchSize));
        m.put("embeddings.position_embedding.weight", new Shape(numPositions(), d));
        m.put("pre_layrnorm.weight", new Shape(d));
        m.put("pre_layrnorm.bias", new Shape(d));
        for (int i = 0; i < numHiddenLayers; i++) {
            String p = "encoder.layers." + i + ".";
            for (String proj : new String[] {"q_proj", "k_proj", "v_proj", "out_proj"}) {
                m.put(p + "self_attn." + proj + ".weight", new Shape(d, d));
                m.put(p + "self_attn." + proj + ".bias", new Shape(d));
            }
            m.put(p + "layer_norm1.weight", new Shape(d));
            m.put(p + "layer_norm1.bias", new Shape(d));
            m.put(p + "mlp.fc1.weight", new Shape(intermediateSize, d));
            m.put(p + "mlp.fc1.bias", new Shape(intermediateSize));
            m.put(p + "mlp.fc2.weight", new Shape(d, intermediateSize));
            m.put(p + "mlp.fc2.bias", new Shape(d));
            m.put(p + "layer_norm2.weight", new Shape(d));
            m.put(p + "layer_norm2.bias", new Shape(d));
        }
        m.put("post_layernorm.weight", new Shape(d));
        m.put("post_layernorm.bias", new Shape(d));
        return m;
    }
}
