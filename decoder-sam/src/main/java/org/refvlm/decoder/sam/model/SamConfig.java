package org.refvlm.decoder.sam.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The sizes of a Segment Anything model, read from and written as Hugging Face's {@code SamConfig}
 * ({@code config.json} with {@code vision_config}, {@code prompt_encoder_config} and
 * {@code mask_decoder_config}). A field a file leaves out takes transformers' default (those are
 * {@code facebook/sam-vit-base}'s sizes, except the vision tower's, which every checkpoint states).
 *
 * @param vision      the ViT image encoder and its neck
 * @param prompt      the prompt encoder
 * @param maskDecoder the two-way transformer mask decoder
 */
public record SamConfig(Vision vision, Prompt prompt, MaskDecoder maskDecoder) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public SamConfig {
        int width = maskDecoder.hiddenSize();
        if (prompt.hiddenSize() != width || vision.outputChannels() != width || 2 * vision.numPosFeats() != width) {
            throw new IllegalArgumentException("SAM widths disagree: mask decoder hidden_size " + width
                    + ", prompt encoder hidden_size " + prompt.hiddenSize() + ", vision output_channels "
                    + vision.outputChannels() + ", 2 x num_pos_feats " + 2 * vision.numPosFeats());
        }
        if (prompt.imageEmbeddingSize() != vision.grid()) {
            throw new IllegalArgumentException("prompt encoder image_embedding_size " + prompt.imageEmbeddingSize()
                    + " is not the vision grid " + vision.grid() + " (image_size / patch_size)");
        }
        if (prompt.imageSize() != vision.imageSize()) {
            throw new IllegalArgumentException("prompt encoder image_size " + prompt.imageSize()
                    + " differs from vision image_size " + vision.imageSize());
        }
    }

    /**
     * The ViT image encoder.
     *
     * @param globalAttnIndexes layers that attend over the whole grid; the others attend in windows
     * @param windowSize        side of an attention window in patches (the grid is padded to a multiple)
     */
    public record Vision(int hiddenSize, int outputChannels, int numHiddenLayers, int numAttentionHeads,
                         int numChannels, int imageSize, int patchSize, String hiddenAct, double layerNormEps,
                         boolean qkvBias, int mlpDim, boolean useAbsPos, boolean useRelPos, int windowSize,
                         List<Integer> globalAttnIndexes, int numPosFeats) {
        public Vision {
            positive("vision_config", hiddenSize, outputChannels, numHiddenLayers, numAttentionHeads, numChannels,
                    imageSize, patchSize, mlpDim, numPosFeats);
            if (hiddenSize % numAttentionHeads != 0) {
                throw new IllegalArgumentException("vision hidden_size " + hiddenSize + " is not divisible by "
                        + numAttentionHeads + " heads");
            }
            if (imageSize % patchSize != 0) {
                throw new IllegalArgumentException("vision patch_size " + patchSize + " does not divide image_size "
                        + imageSize);
            }
            globalAttnIndexes = List.copyOf(globalAttnIndexes);
            for (int i : globalAttnIndexes) {
                if (i < 0 || i >= numHiddenLayers) {
                    throw new IllegalArgumentException("global_attn_indexes names layer " + i + " of "
                            + numHiddenLayers);
                }
            }
            if (windowSize < 0 || windowSize == 0 && globalAttnIndexes.size() < numHiddenLayers) {
                throw new IllegalArgumentException("window_size " + windowSize + " must be positive when some layer"
                        + " attends in windows");
            }
        }

        /** Patches per side of the image. */
        public int grid() {
            return imageSize / patchSize;
        }

        /** The attention window of layer {@code i}: 0 for a global layer. */
        public int window(int i) {
            return globalAttnIndexes.contains(i) ? 0 : windowSize;
        }
    }

    /** The prompt encoder; {@code imageEmbeddingSize} is the side of the image embedding grid. */
    public record Prompt(int hiddenSize, int imageEmbeddingSize, int imageSize, int patchSize, int maskInputChannels,
                         int numPointEmbeddings, String hiddenAct, double layerNormEps) {
        public Prompt {
            positive("prompt_encoder_config", hiddenSize, imageEmbeddingSize, imageSize, patchSize, maskInputChannels);
            if (numPointEmbeddings != 4) {
                throw new IllegalArgumentException("num_point_embeddings must be 4 (negative, positive, two box"
                        + " corners), got " + numPointEmbeddings);
            }
            if (maskInputChannels % 4 != 0) {
                throw new IllegalArgumentException("mask_input_channels " + maskInputChannels
                        + " must be divisible by 4");
            }
        }
    }

    /** The mask decoder: a two-way transformer, the upscaling, the hypernetworks and the IoU head. */
    public record MaskDecoder(int hiddenSize, String hiddenAct, int mlpDim, int numHiddenLayers,
                              int numAttentionHeads, int attentionDownsampleRate, int numMultimaskOutputs,
                              int iouHeadDepth, int iouHeadHiddenDim, double layerNormEps) {
        public MaskDecoder {
            positive("mask_decoder_config", hiddenSize, mlpDim, numHiddenLayers, numAttentionHeads,
                    attentionDownsampleRate, numMultimaskOutputs, iouHeadHiddenDim);
            if (iouHeadDepth < 2) {
                throw new IllegalArgumentException("iou_head_depth must be at least 2, got " + iouHeadDepth);
            }
            if (hiddenSize % 8 != 0 || (hiddenSize / attentionDownsampleRate) % numAttentionHeads != 0
                    || hiddenSize % numAttentionHeads != 0) {
                throw new IllegalArgumentException("mask decoder hidden_size " + hiddenSize + " must be divisible by"
                        + " 8 and, also after downsampling by " + attentionDownsampleRate + ", by "
                        + numAttentionHeads + " heads");
            }
        }

        /** The mask tokens: the single-mask output and the multimask ones. */
        public int maskTokens() {
            return numMultimaskOutputs + 1;
        }
    }

    private static void positive(String what, int... values) {
        for (int v : values) {
            if (v <= 0) {
                throw new IllegalArgumentException(what + " sizes must be positive, got " + v);
            }
        }
    }

    /** Reads a {@code config.json}. @throws IOException naming the file when it is not a SAM config */
    public static SamConfig read(Path file) throws IOException {
        try {
            return fromJson(JSON.readTree(file.toFile()));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + " is not a usable SAM config: " + e.getMessage(), e);
        }
    }

    /** Parses a Hugging Face SAM config; missing fields take transformers' defaults. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static SamConfig fromJson(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("a SAM config is a JSON object");
        }
        if (root.has("model_type") && !"sam".equals(root.get("model_type").asText())) {
            throw new IllegalArgumentException("model_type is '" + root.get("model_type").asText() + "', not 'sam'");
        }
        JsonNode v = root.path("vision_config");
        int hidden = v.path("hidden_size").asInt(768);
        Vision vision = new Vision(hidden, v.path("output_channels").asInt(256), v.path("num_hidden_layers").asInt(12),
                v.path("num_attention_heads").asInt(12), v.path("num_channels").asInt(3),
                v.path("image_size").asInt(1024), v.path("patch_size").asInt(16), v.path("hidden_act").asText("gelu"),
                v.path("layer_norm_eps").asDouble(1e-6), v.path("qkv_bias").asBoolean(true),
                v.hasNonNull("mlp_dim") ? v.get("mlp_dim").asInt()
                        : (int) (hidden * v.path("mlp_ratio").asDouble(4.0)),
                v.path("use_abs_pos").asBoolean(true), v.path("use_rel_pos").asBoolean(true),
                v.path("window_size").asInt(14), ints(v.path("global_attn_indexes"), List.of(2, 5, 8, 11)),
                v.path("num_pos_feats").asInt(128));
        JsonNode p = root.path("prompt_encoder_config");
        int imageSize = p.path("image_size").asInt(1024);
        int patch = p.path("patch_size").asInt(16);
        Prompt prompt = new Prompt(p.path("hidden_size").asInt(256),
                p.path("image_embedding_size").asInt(imageSize / patch), imageSize, patch,
                p.path("mask_input_channels").asInt(16), p.path("num_point_embeddings").asInt(4),
                p.path("hidden_act").asText("gelu"), p.path("layer_norm_eps").asDouble(1e-6));
        JsonNode m = root.path("mask_decoder_config");
        MaskDecoder decoder = new MaskDecoder(m.path("hidden_size").asInt(256), m.path("hidden_act").asText("relu"),
                m.path("mlp_dim").asInt(2048), m.path("num_hidden_layers").asInt(2),
                m.path("num_attention_heads").asInt(8), m.path("attention_downsample_rate").asInt(2),
                m.path("num_multimask_outputs").asInt(3), m.path("iou_head_depth").asInt(3),
                m.path("iou_head_hidden_dim").asInt(256), m.path("layer_norm_eps").asDouble(1e-6));
        return new SamConfig(vision, prompt, decoder);
    }

    private static List<Integer> ints(JsonNode node, List<Integer> fallback) {
        if (!node.isArray()) {
            return fallback;
        }
        List<Integer> out = new java.util.ArrayList<>();
        node.forEach(n -> out.add(n.asInt()));
        return out;
    }

    /** This config in Hugging Face's layout, as transformers reads it. */
    @JsonValue
    public ObjectNode toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.putArray("architectures").add("SamModel");
        root.put("model_type", "sam");
        ObjectNode v = root.putObject("vision_config");
        v.put("model_type", "sam_vision_model");
        v.put("hidden_size", vision.hiddenSize());
        v.put("output_channels", vision.outputChannels());
        v.put("num_hidden_layers", vision.numHiddenLayers());
        v.put("num_attention_heads", vision.numAttentionHeads());
        v.put("num_channels", vision.numChannels());
        v.put("image_size", vision.imageSize());
        v.put("patch_size", vision.patchSize());
        v.put("hidden_act", vision.hiddenAct());
        v.put("layer_norm_eps", vision.layerNormEps());
        v.put("qkv_bias", vision.qkvBias());
        v.put("mlp_dim", vision.mlpDim());
        v.put("use_abs_pos", vision.useAbsPos());
        v.put("use_rel_pos", vision.useRelPos());
        v.put("window_size", vision.windowSize());
        ArrayNode global = v.putArray("global_attn_indexes");
        vision.globalAttnIndexes().forEach(global::add);
        v.put("num_pos_feats", vision.numPosFeats());
        ObjectNode p = root.putObject("prompt_encoder_config");
        p.put("hidden_size", prompt.hiddenSize());
        p.put("image_embedding_size", prompt.imageEmbeddingSize());
        p.put("image_size", prompt.imageSize());
        p.put("patch_size", prompt.patchSize());
        p.put("mask_input_channels", prompt.maskInputChannels());
        p.put("num_point_embeddings", prompt.numPointEmbeddings());
        p.put("hidden_act", prompt.hiddenAct());
        p.put("layer_norm_eps", prompt.layerNormEps());
        ObjectNode m = root.putObject("mask_decoder_config");
        m.put("hidden_size", maskDecoder.hiddenSize());
        m.put("hidden_act", maskDecoder.hiddenAct());
        m.put("mlp_dim", maskDecoder.mlpDim());
        m.put("num_hidden_layers", maskDecoder.numHiddenLayers());
        m.put("num_attention_heads", maskDecoder.numAttentionHeads());
        m.put("attention_downsample_rate", maskDecoder.attentionDownsampleRate());
        m.put("num_multimask_outputs", maskDecoder.numMultimaskOutputs());
        m.put("iou_head_depth", maskDecoder.iouHeadDepth());
        m.put("iou_head_hidden_dim", maskDecoder.iouHeadHiddenDim());
        m.put("layer_norm_eps", maskDecoder.layerNormEps());
        return root;
    }

    /** Writes {@code config.json} in Hugging Face's layout. */
    public void write(Path file) throws IOException {
        Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(toJson()) + "\n");
    }

    /** The side of the low-resolution masks the decoder predicts: 4 x the embedding grid. */
    public int maskSide() {
        return 4 * prompt.imageEmbeddingSize();
    }
}
