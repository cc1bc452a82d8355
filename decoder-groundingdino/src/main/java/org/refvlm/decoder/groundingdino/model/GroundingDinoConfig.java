package org.refvlm.decoder.groundingdino.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The sizes of a Hugging Face {@code GroundingDinoForObjectDetection}, read from its
 * {@code config.json} (field names as transformers writes them). Only what the forward needs is
 * kept; options the port does not implement (a timm or ResNet backbone, learned position
 * embeddings, one-stage queries, non-ReLU activations) are rejected by name rather than ignored.
 *
 * @param dModel                 transformer width (HF {@code d_model})
 * @param encoderLayers          encoder layers, each text enhancer + fusion + deformable
 * @param decoderLayers          decoder layers
 * @param encoderHeads           encoder deformable-attention heads; the text enhancer and fusion use half
 * @param decoderHeads           decoder heads (self, text cross and deformable attention)
 * @param encoderFfnDim          encoder feed-forward width; the text enhancer and fusion use half
 * @param decoderFfnDim          decoder feed-forward width
 * @param encoderPoints          sampling points per level and head in the encoder
 * @param decoderPoints          sampling points per level and head in the decoder
 * @param featureLevels          multi-scale levels (backbone outputs plus strided convolutions)
 * @param numQueries             decoder queries (top-k proposals of the two-stage selection)
 * @param maxTextLen             logits are padded with -inf to this many text columns
 * @param layerNormEps           epsilon of the transformer's layer norms
 * @param positionTemperature    temperature of the image's 2-D sine position encoding
 * @param decoderBoxEmbedShare   one box head for every decoder layer (checkpoint keeps only {@code bbox_embed.0})
 * @param swin                   the Swin backbone
 * @param bert                   the BERT text encoder
 */
public record GroundingDinoConfig(int dModel, int encoderLayers, int decoderLayers, int encoderHeads, int decoderHeads,
                                  int encoderFfnDim, int decoderFfnDim, int encoderPoints, int decoderPoints,
                                  int featureLevels, int numQueries, int maxTextLen, double layerNormEps,
                                  double positionTemperature, boolean decoderBoxEmbedShare, SwinConfig swin,
                                  BertConfig bert) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public GroundingDinoConfig {
        if (dModel <= 0 || dModel % 32 != 0) {
            // input projections end in GroupNorm(32, d_model)
            throw new IllegalArgumentException("d_model must be a positive multiple of 32 (GroupNorm(32, d_model)), got "
                    + dModel);
        }
        if (dModel % encoderHeads != 0 || dModel % decoderHeads != 0 || encoderHeads < 2 || encoderHeads % 2 != 0) {
            throw new IllegalArgumentException("d_model " + dModel + " must divide into encoder heads " + encoderHeads
                    + " (even, the text layers use half) and decoder heads " + decoderHeads);
        }
        if ((encoderFfnDim / 2) % (encoderHeads / 2) != 0) {
            throw new IllegalArgumentException("encoder_ffn_dim/2 = " + encoderFfnDim / 2
                    + " (the fusion width) must divide into encoder_attention_heads/2 = " + encoderHeads / 2);
        }
        if (featureLevels < swin.outStages().size()) {
            throw new IllegalArgumentException("num_feature_levels " + featureLevels + " is fewer than the backbone's "
                    + swin.outStages().size() + " outputs");
        }
        if (encoderLayers < 1 || decoderLayers < 1 || numQueries < 1 || maxTextLen < 1 || encoderPoints < 1
                || decoderPoints < 1) {
            throw new IllegalArgumentException("layer, query, point and text counts must be positive");
        }
    }

    /** The text enhancer's and fusion layer's head count. */
    public int textHeads() {
        return encoderHeads / 2;
    }

    /** The fusion (bi-attention) width and the text enhancer's feed-forward width. */
    public int fusionDim() {
        return encoderFfnDim / 2;
    }

    /** Channels of the backbone outputs that feed the input projections, in level order. */
    public List<Integer> backboneChannels() {
        List<Integer> c = new ArrayList<>();
        for (int stage : swin.outStages()) {
            c.add(swin.stageDim(stage));
        }
        return c;
    }

    public static GroundingDinoConfig read(Path file) throws IOException {
        return fromJson(JSON.readTree(file.toFile()));
    }

    /** Parses transformers' config.json; rejects options this port does not implement. */
    public static GroundingDinoConfig fromJson(JsonNode j) {
        require(j, "two_stage", true, "one-stage query selection");
        require(j, "position_embedding_type", "sine", "learned position embeddings");
        require(j, "activation_function", "relu", "an activation other than relu");
        require(j, "embedding_init_target", true, "queries taken from the encoder output (embedding_init_target false)");
        if (j.path("two_stage_bbox_embed_share").asBoolean(false)) {
            throw new IllegalArgumentException("two_stage_bbox_embed_share true is not supported");
        }
        if (j.hasNonNull("backbone") || j.path("use_timm_backbone").asBoolean(false)) {
            throw new IllegalArgumentException("only a Swin backbone_config is supported (backbone "
                    + j.path("backbone") + ")");
        }
        if (j.path("query_dim").asInt(4) != 4) {
            throw new IllegalArgumentException("query_dim must be 4, got " + j.path("query_dim"));
        }
        JsonNode heads = j.path("encoder_attention_heads");
        return new GroundingDinoConfig(
                j.path("d_model").asInt(256), j.path("encoder_layers").asInt(6), j.path("decoder_layers").asInt(6),
                heads.asInt(8), j.path("decoder_attention_heads").asInt(8), j.path("encoder_ffn_dim").asInt(2048),
                j.path("decoder_ffn_dim").asInt(2048), j.path("encoder_n_points").asInt(4),
                j.path("decoder_n_points").asInt(4), j.path("num_feature_levels").asInt(4),
                j.path("num_queries").asInt(900), j.path("max_text_len").asInt(256),
                j.path("layer_norm_eps").asDouble(1e-5), j.path("positional_embedding_temperature").asDouble(20),
                j.path("decoder_bbox_embed_share").asBoolean(true), SwinConfig.fromJson(j.path("backbone_config")),
                BertConfig.fromJson(j.path("text_config")));
    }

    /** transformers' config.json for this configuration (the fields the port reads, plus identification). */
    public ObjectNode toJson() {
        ObjectNode o = JSON.createObjectNode();
        o.putArray("architectures").add("GroundingDinoForObjectDetection");
        o.put("model_type", "grounding-dino");
        o.put("d_model", dModel).put("encoder_layers", encoderLayers).put("decoder_layers", decoderLayers);
        o.put("encoder_attention_heads", encoderHeads).put("decoder_attention_heads", decoderHeads);
        o.put("encoder_ffn_dim", encoderFfnDim).put("decoder_ffn_dim", decoderFfnDim);
        o.put("encoder_n_points", encoderPoints).put("decoder_n_points", decoderPoints);
        o.put("num_feature_levels", featureLevels).put("num_queries", numQueries).put("max_text_len", maxTextLen);
        o.put("layer_norm_eps", layerNormEps).put("positional_embedding_temperature", positionTemperature);
        o.put("decoder_bbox_embed_share", decoderBoxEmbedShare).put("two_stage_bbox_embed_share", false);
        o.put("two_stage", true).put("embedding_init_target", true).put("query_dim", 4);
        o.put("position_embedding_type", "sine").put("activation_function", "relu");
        o.set("backbone_config", swin.toJson(JSON));
        o.set("text_config", bert.toJson(JSON));
        return o;
    }

    private static void require(JsonNode j, String field, Object expected, String what) {
        JsonNode v = j.get(field);
        if (v == null || v.isNull()) {
            return;  // the transformers default is the supported value
        }
        boolean ok = expected instanceof Boolean b ? v.asBoolean() == b : v.asText().equals(expected);
        if (!ok) {
            throw new IllegalArgumentException(field + " = " + v + ": " + what + " is not supported by this port");
        }
    }

    /**
     * The Swin backbone ({@code backbone_config}, model_type swin).
     *
     * @param embedDim   channels of stage 1; each later stage doubles them
     * @param depths     blocks per stage
     * @param heads      attention heads per stage
     * @param window     attention window side
     * @param patchSize  side of the patch-embedding convolution
     * @param mlpRatio   feed-forward width over channels
     * @param eps        layer-norm epsilon
     * @param outStages  stages (1-based) whose outputs feed the encoder
     * @param imageSize  the image side the checkpoint was built for: a stage whose grid is then no
     *                   larger than the window gets a smaller window, and its bias table that size
     */
    public record SwinConfig(int embedDim, List<Integer> depths, List<Integer> heads, int window, int patchSize,
                             double mlpRatio, double eps, List<Integer> outStages, int imageSize) {

        public SwinConfig {
            depths = List.copyOf(depths);
            heads = List.copyOf(heads);
            outStages = List.copyOf(outStages);
            if (depths.size() != heads.size() || depths.isEmpty()) {
                throw new IllegalArgumentException("Swin depths " + depths + " and num_heads " + heads
                        + " must be non-empty and of equal length");
            }
            for (int s : outStages) {
                if (s < 1 || s > depths.size()) {
                    throw new IllegalArgumentException("Swin out stage " + s + " is not one of 1.." + depths.size());
                }
            }
            for (int s = 1; s <= depths.size(); s++) {
                if ((embedDim << (s - 1)) % heads.get(s - 1) != 0) {
                    throw new IllegalArgumentException("Swin stage " + s + " width " + (embedDim << (s - 1))
                            + " does not divide into " + heads.get(s - 1) + " heads");
                }
            }
        }

        /**
         * The window stage {@code s} (1-based) was built with: the configured one, or the stage's
         * grid side at {@link #imageSize} when that is no larger (Swin's rule at construction).
         */
        public int builtWindow(int s) {
            int grid = (imageSize / patchSize) >> (s - 1);
            return grid <= window ? Math.max(grid, 1) : window;
        }

        /** Channels of stage {@code s} (1-based). */
        public int stageDim(int s) {
            return embedDim << (s - 1);
        }

        static SwinConfig fromJson(JsonNode b) {
            if (b.isMissingNode() || !"swin".equals(b.path("model_type").asText())) {
                throw new IllegalArgumentException("backbone_config must be a Swin config (model_type swin), got "
                        + b.path("model_type"));
            }
            if (b.path("use_absolute_embeddings").asBoolean(false)) {
                throw new IllegalArgumentException("Swin absolute position embeddings are not supported");
            }
            if (!b.path("hidden_act").asText("gelu").equals("gelu")) {
                throw new IllegalArgumentException("Swin hidden_act " + b.path("hidden_act") + " is not supported");
            }
            List<Integer> out = new ArrayList<>();
            JsonNode names = b.path("out_features");
            if (names.isArray()) {
                for (JsonNode n : names) {
                    out.add(Integer.parseInt(n.asText().replace("stage", "")));
                }
            } else {
                for (JsonNode n : b.path("out_indices")) {
                    out.add(n.asInt());
                }
            }
            return new SwinConfig(b.path("embed_dim").asInt(96), ints(b.path("depths")), ints(b.path("num_heads")),
                    b.path("window_size").asInt(7), b.path("patch_size").asInt(4), b.path("mlp_ratio").asDouble(4),
                    b.path("layer_norm_eps").asDouble(1e-5), out, b.path("image_size").asInt(224));
        }

        ObjectNode toJson(ObjectMapper m) {
            ObjectNode o = m.createObjectNode();
            o.put("model_type", "swin").put("embed_dim", embedDim).put("window_size", window)
                    .put("patch_size", patchSize).put("mlp_ratio", mlpRatio).put("layer_norm_eps", eps)
                    .put("hidden_act", "gelu").put("num_channels", 3).put("qkv_bias", true)
                    .put("use_absolute_embeddings", false).put("image_size", imageSize);
            ArrayNode d = o.putArray("depths");
            depths.forEach(d::add);
            ArrayNode h = o.putArray("num_heads");
            heads.forEach(h::add);
            ArrayNode f = o.putArray("out_features");
            ArrayNode idx = o.putArray("out_indices");
            for (int s : outStages) {
                f.add("stage" + s);
                idx.add(s);
            }
            return o;
        }
    }

    /**
     * The BERT text encoder ({@code text_config}, model_type bert).
     */
    public record BertConfig(int hidden, int layers, int heads, int intermediate, int vocab, int maxPositions,
                             int typeVocab, double eps) {

        public BertConfig {
            if (hidden % heads != 0) {
                throw new IllegalArgumentException("BERT hidden_size " + hidden + " does not divide into " + heads
                        + " heads");
            }
        }

        static BertConfig fromJson(JsonNode t) {
            if (!t.isMissingNode() && !"bert".equals(t.path("model_type").asText("bert"))) {
                throw new IllegalArgumentException("text_config must be a BERT config, got " + t.path("model_type"));
            }
            if (!t.path("hidden_act").asText("gelu").equals("gelu")) {
                throw new IllegalArgumentException("BERT hidden_act " + t.path("hidden_act") + " is not supported");
            }
            return new BertConfig(t.path("hidden_size").asInt(768), t.path("num_hidden_layers").asInt(12),
                    t.path("num_attention_heads").asInt(12), t.path("intermediate_size").asInt(3072),
                    t.path("vocab_size").asInt(30522), t.path("max_position_embeddings").asInt(512),
                    t.path("type_vocab_size").asInt(2), t.path("layer_norm_eps").asDouble(1e-12));
        }

        ObjectNode toJson(ObjectMapper m) {
            return m.createObjectNode().put("model_type", "bert").put("hidden_size", hidden)
                    .put("num_hidden_layers", layers).put("num_attention_heads", heads)
                    .put("intermediate_size", intermediate).put("vocab_size", vocab)
                    .put("max_position_embeddings", maxPositions).put("type_vocab_size", typeVocab)
                    .put("layer_norm_eps", eps).put("hidden_act", "gelu").put("pad_token_id", 0);
        }
    }

    private static List<Integer> ints(JsonNode a) {
        List<Integer> out = new ArrayList<>();
        for (JsonNode n : a) {
            out.add(n.asInt());
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("expected a non-empty integer list, got " + a);
        }
        return out;
    }
}
