package org.refvlm.decoder.groundingdino;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonPOJOBuilder;
import org.refvlm.decoder.groundingdino.internal.LossWeights;
import org.refvlm.decoder.groundingdino.model.GroundingDinoConfig;

/**
 * Grounding DINO as a box decoder driven by {@code <REF>} embeddings (VisionLLM v2's route): each
 * embedding, through a projection MLP, takes the place of one text token. A decoder folder's
 * {@code config.json} and a recipe's decoder {@code "config"} are this record as JSON; fields they
 * leave out take the builder's defaults.
 *
 * @param queryInputDim   width of the {@code <REF>} embeddings; required
 * @param numQueries      most references per image (the text columns); default 8
 * @param imageSide       side of the padded square the detector reads; default 128
 * @param detector        the detector's transformers {@code config.json} (GroundingDinoConfig); default {@link #smallDetector()}
 * @param projectionLayers layers of the REF projection MLP (VisionLLM v2: 3); default 3
 * @param classWeight     weight of the focal classification loss and cost; default 2 (VisionLLM v2)
 * @param l1Weight        weight of the L1 box loss and cost; default 5
 * @param giouWeight      weight of the GIoU loss and cost; default 2
 * @param focalAlpha      focal loss alpha; default 0.25
 * @param focalGamma      focal loss gamma; default 2
 * @param auxiliaryLoss   whether every decoder layer's output and the selected encoder proposals are
 *                        matched and trained (the original's auxiliary and interm losses); default true
 * @param trainBackbone   whether the Swin backbone trains too; default false (frozen)
 * @param initFrom        a transformers Grounding DINO folder whose weights a fresh decoder starts
 *                        from (the REF projection is new); empty for random weights
 */
@JsonDeserialize(builder = GroundingDinoDecoderConfig.Builder.class)
public record GroundingDinoDecoderConfig(int queryInputDim, int numQueries, int imageSide, JsonNode detector,
                                         int projectionLayers, double classWeight, double l1Weight, double giouWeight,
                                         double focalAlpha, double focalGamma, boolean auxiliaryLoss,
                                         boolean trainBackbone, String initFrom) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public GroundingDinoDecoderConfig {
        if (queryInputDim <= 0 || numQueries <= 0 || imageSide <= 0 || projectionLayers < 1) {
            throw new IllegalArgumentException("sizes must be positive: queryInputDim " + queryInputDim + ", numQueries "
                    + numQueries + ", imageSide " + imageSide + ", projectionLayers " + projectionLayers);
        }
        new LossWeights(classWeight, l1Weight, giouWeight, focalAlpha, focalGamma);      // names a bad weight
        GroundingDinoConfig parsed = GroundingDinoConfig.fromJson(detector);   // names what it cannot run
        if (numQueries > parsed.maxTextLen()) {
            throw new IllegalArgumentException("numQueries " + numQueries + " exceeds the detector's max_text_len "
                    + parsed.maxTextLen());
        }
        initFrom = initFrom == null ? "" : initFrom;
    }

    /** The loss and matching weights. */
    LossWeights lossWeights() {
        return new LossWeights(classWeight, l1Weight, giouWeight, focalAlpha, focalGamma);
    }

    /** The detector's sizes. */
    public GroundingDinoConfig detectorConfig() {
        return GroundingDinoConfig.fromJson(detector);
    }

    /**
     * A small Grounding DINO for 128-pixel pictures of simple shapes: width 64, Swin of width 24
     * with depths (1, 1, 2, 1), 2 encoder and 3 decoder layers, 30 queries, a 2-layer BERT of width
     * 64 over a 1024-token vocabulary (for caption pretraining).
     */
    public static JsonNode smallDetector() {
        try {
            return JSON.readTree("""
                    {"d_model": 64, "encoder_layers": 2, "decoder_layers": 3, "encoder_attention_heads": 4,
                     "decoder_attention_heads": 4, "encoder_ffn_dim": 128, "decoder_ffn_dim": 128,
                     "encoder_n_points": 2, "decoder_n_points": 2, "num_feature_levels": 4, "num_queries": 30,
                     "max_text_len": 16, "layer_norm_eps": 1e-5, "positional_embedding_temperature": 20,
                     "decoder_bbox_embed_share": true, "two_stage": true, "embedding_init_target": true,
                     "backbone_config": {"model_type": "swin", "embed_dim": 24, "depths": [1, 1, 2, 1],
                       "num_heads": [1, 2, 2, 4], "window_size": 4, "patch_size": 4, "mlp_ratio": 2.0,
                       "image_size": 128, "out_features": ["stage2", "stage3", "stage4"]},
                     "text_config": {"model_type": "bert", "hidden_size": 64, "num_hidden_layers": 2,
                       "num_attention_heads": 2, "intermediate_size": 128, "vocab_size": 1024,
                       "max_position_embeddings": 32, "type_vocab_size": 2}}
                    """);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A builder; {@code queryInputDim} must be set. */
    public static Builder builder() {
        return new Builder();
    }

    /** Named fields with defaults; also what reads {@code config.json}. */
    @JsonPOJOBuilder(withPrefix = "")
    public static final class Builder {
        private int queryInputDim;
        private int numQueries = 8;
        private int imageSide = 128;
        private JsonNode detector = smallDetector();
        private int projectionLayers = 3;
        private double classWeight = 2;
        private double l1Weight = 5;
        private double giouWeight = 2;
        private double focalAlpha = 0.25;
        private double focalGamma = 2;
        private boolean auxiliaryLoss = true;
        private boolean trainBackbone;
        private String initFrom = "";

        private Builder() {
        }

        public Builder queryInputDim(int v) {
            queryInputDim = v;
            return this;
        }

        public Builder numQueries(int v) {
            numQueries = v;
            return this;
        }

        public Builder imageSide(int v) {
            imageSide = v;
            return this;
        }

        public Builder detector(JsonNode v) {
            detector = v;
            return this;
        }

        public Builder projectionLayers(int v) {
            projectionLayers = v;
            return this;
        }

        public Builder classWeight(double v) {
            classWeight = v;
            return this;
        }

        public Builder l1Weight(double v) {
            l1Weight = v;
            return this;
        }

        public Builder giouWeight(double v) {
            giouWeight = v;
            return this;
        }

        public Builder focalAlpha(double v) {
            focalAlpha = v;
            return this;
        }

        public Builder focalGamma(double v) {
            focalGamma = v;
            return this;
        }

        public Builder auxiliaryLoss(boolean v) {
            auxiliaryLoss = v;
            return this;
        }

        public Builder trainBackbone(boolean v) {
            trainBackbone = v;
            return this;
        }

        public Builder initFrom(String v) {
            initFrom = v;
            return this;
        }

        /** @throws IllegalArgumentException naming what is missing or inconsistent */
        public GroundingDinoDecoderConfig build() {
            return new GroundingDinoDecoderConfig(queryInputDim, numQueries, imageSide, detector, projectionLayers,
                    classWeight, l1Weight, giouWeight, focalAlpha, focalGamma, auxiliaryLoss, trainBackbone, initFrom);
        }
    }
}
