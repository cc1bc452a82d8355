package org.refvlm.decoder.maskformer;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonPOJOBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * Sizes and options of the MaskFormer-style mask decoder. Build one with {@link #builder()}, which
 * starts from REF-VLM's stage-2 values ({@link #reference()}), and change what differs; a decoder
 * folder's {@code config.json} and a recipe's decoder {@code "config"} are this record as JSON, and
 * fields they leave out take the same defaults. What each option does to training, and what it did
 * to the default model, is in {@code docs/training.md} (the sections after "Recipe").
 *
 * @param queryInputDim   width of the {@code <REF>} embeddings; default 4096
 * @param numQueries      query length L; default 30
 * @param lateralLevels   pyramid levels the pixel decoder adds laterally, finest first
 * @param lateralDims     their channels
 * @param stemLevel       the coarse map the pixel decoder starts from (and the query memory); default {@code vit}
 * @param stemDim         its channels; default 1024
 * @param dModel          transformer and pixel-embedding width; default 256
 * @param layers          decoder layers; default 6
 * @param heads           attention heads; default 8
 * @param ffnDim          feed-forward width; default 2048
 * @param dropout         dropout in training; default 0.1
 * @param focalWeight     weight of the sigmoid focal loss and matching cost; default 20
 * @param diceWeight      weight of the dice loss and matching cost; default 1
 * @param normGroups      GroupNorm groups in the pixel decoder; default 32
 * @param maskedAttention whether the queries read the pixel embeddings under Mask2Former's (soft)
 *                        masked attention and every layer's mask is trained; default false
 * @param areaTargets     whether a grid cell's target is its share of mask pixels
 *                        ({@code MaskGrid.coverage}) instead of the nearest pixel; default false
 * @param maskThreshold   the logit above which a decoded pixel belongs to the mask; default 0
 */
@JsonDeserialize(builder = MaskFormerDecoderConfig.Builder.class)
public record MaskFormerDecoderConfig(
        int queryInputDim, int numQueries, List<String> lateralLevels, List<Integer> lateralDims,
        String stemLevel, int stemDim, int dModel, int layers, int heads, int ffnDim, double dropout,
        double focalWeight, double diceWeight, int normGroups, boolean maskedAttention,
        boolean areaTargets, double maskThreshold) {

    public MaskFormerDecoderConfig {
        lateralLevels = List.copyOf(lateralLevels);
        lateralDims = List.copyOf(lateralDims);
        if (lateralLevels.size() != lateralDims.size()) {
            throw new IllegalArgumentException("lateralLevels and lateralDims differ in length: "
                    + lateralLevels + " and " + lateralDims);
        }
        if (lateralLevels.isEmpty()) {
            throw new IllegalArgumentException("the pixel decoder needs at least one lateral level");
        }
        if (lateralLevels.contains(stemLevel) || lateralLevels.stream().distinct().count() != lateralLevels.size()) {
            throw new IllegalArgumentException("feature levels must be distinct: laterals " + lateralLevels
                    + ", stem " + stemLevel);
        }
        if (queryInputDim <= 0 || numQueries <= 0 || stemDim <= 0 || dModel <= 0 || layers <= 0 || heads <= 0
                || ffnDim <= 0 || normGroups <= 0 || lateralDims.stream().anyMatch(c -> c <= 0)) {
            throw new IllegalArgumentException("sizes must be positive: queryInputDim " + queryInputDim
                    + ", numQueries " + numQueries + ", lateralDims " + lateralDims + ", stemDim " + stemDim
                    + ", dModel " + dModel + ", layers " + layers + ", heads " + heads + ", ffnDim " + ffnDim
                    + ", normGroups " + normGroups);
        }
        if (dModel % heads != 0) {
            throw new IllegalArgumentException("dModel " + dModel + " is not divisible by heads " + heads);
        }
        if (dModel % normGroups != 0) {
            throw new IllegalArgumentException("dModel " + dModel + " is not divisible by normGroups " + normGroups);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
        }
        if (!Double.isFinite(maskThreshold)) {
            throw new IllegalArgumentException("maskThreshold must be a finite logit, got " + maskThreshold);
        }
        if (!(focalWeight >= 0) || !(diceWeight >= 0)) {
            throw new IllegalArgumentException("loss weights must be non-negative, got " + focalWeight + " and "
                    + diceWeight);
        }
    }

    /** REF-VLM's mask decoder: laterals C0..C2, stem on the 24x24 ViT map, 6 layers of 256, 30 queries. */
    public static MaskFormerDecoderConfig reference() {
        return builder().build();
    }

    /** A builder starting from {@link #reference()}'s values. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this config's values. */
    public Builder toBuilder() {
        return new Builder().queryInputDim(queryInputDim).numQueries(numQueries).lateralLevels(lateralLevels)
                .lateralDims(lateralDims).stemLevel(stemLevel).stemDim(stemDim).dModel(dModel).layers(layers)
                .heads(heads).ffnDim(ffnDim).dropout(dropout).focalWeight(focalWeight).diceWeight(diceWeight)
                .normGroups(normGroups).maskedAttention(maskedAttention).areaTargets(areaTargets)
                .maskThreshold(maskThreshold);
    }

    /** Every feature map the decoder reads: the laterals (finest first), then the stem level. */
    public List<String> featureLevels() {
        List<String> levels = new ArrayList<>(lateralLevels);
        levels.add(stemLevel);
        return List.copyOf(levels);
    }

    /** Named fields with REF-VLM's values as defaults; also what reads {@code config.json}. */
    @JsonPOJOBuilder(withPrefix = "")
    public static final class Builder {
        private int queryInputDim = 4096;
        private int numQueries = 30;
        private List<String> lateralLevels = List.of("stride4", "stride8", "stride16");
        private List<Integer> lateralDims = List.of(192, 384, 768);
        private String stemLevel = "vit";
        private int stemDim = 1024;
        private int dModel = 256;
        private int layers = 6;
        private int heads = 8;
        private int ffnDim = 2048;
        private double dropout = 0.1;
        private double focalWeight = 20.0;
        private double diceWeight = 1.0;
        private int normGroups = 32;
        private boolean maskedAttention;
        private boolean areaTargets;
        private double maskThreshold;

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

        public Builder lateralLevels(List<String> v) {
            lateralLevels = v;
            return this;
        }

        public Builder lateralDims(List<Integer> v) {
            lateralDims = v;
            return this;
        }

        public Builder stemLevel(String v) {
            stemLevel = v;
            return this;
        }

        public Builder stemDim(int v) {
            stemDim = v;
            return this;
        }

        public Builder dModel(int v) {
            dModel = v;
            return this;
        }

        public Builder layers(int v) {
            layers = v;
            return this;
        }

        public Builder heads(int v) {
            heads = v;
            return this;
        }

        public Builder ffnDim(int v) {
            ffnDim = v;
            return this;
        }

        public Builder dropout(double v) {
            dropout = v;
            return this;
        }

        public Builder focalWeight(double v) {
            focalWeight = v;
            return this;
        }

        public Builder diceWeight(double v) {
            diceWeight = v;
            return this;
        }

        public Builder normGroups(int v) {
            normGroups = v;
            return this;
        }

        public Builder maskedAttention(boolean v) {
            maskedAttention = v;
            return this;
        }

        public Builder areaTargets(boolean v) {
            areaTargets = v;
            return this;
        }

        public Builder maskThreshold(double v) {
            maskThreshold = v;
            return this;
        }

        /** @throws IllegalArgumentException naming what is inconsistent */
        public MaskFormerDecoderConfig build() {
            return new MaskFormerDecoderConfig(queryInputDim, numQueries, lateralLevels, lateralDims, stemLevel,
                    stemDim, dModel, layers, heads, ffnDim, dropout, focalWeight, diceWeight, normGroups,
                    maskedAttention, areaTargets, maskThreshold);
        }
    }
}
