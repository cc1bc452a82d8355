package org.refvlm.decoder.detr;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonPOJOBuilder;
import java.util.List;

/**
 * Sizes and options of the DETR-style box decoder. Build one with {@link #builder()}, which starts
 * from REF-VLM's stage-2 values ({@link #reference()}), and change what differs; a decoder folder's
 * {@code config.json} and a recipe's decoder {@code "config"} are this record as JSON, and fields
 * they leave out take the same defaults. What each option does to training, and what it did to the
 * default model, is in {@code docs/training.md} (the sections after "Recipe").
 *
 * @param queryInputDim    width of the {@code <REF>} embeddings (the LLM's hidden size); default 4096
 * @param numQueries       query length L the router pads to; default 100
 * @param featureLevels    pyramid levels resized to the first one's grid and concatenated
 * @param featureDims      channels of those levels, in the same order
 * @param dModel           transformer width; default 256
 * @param layers           decoder layers; default 6
 * @param heads            attention heads; default 8
 * @param ffnDim           feed-forward width; default 2048
 * @param dropout          dropout in training; default 0.1
 * @param l1Weight         weight of the L1 box loss and matching cost; default 5
 * @param giouWeight       weight of the generalized-IoU loss and matching cost; default 2
 * @param positionInValues whether cross-attention values carry the memory's position encoding
 *                         too (DETR: keys only); default false
 * @param alignWeight      weight of the grounding-map loss; 0 (default) leaves the decoder as DETR is
 * @param boxesFromMap     whether the head corrects the box the grounding map outlines; needs the map
 * @param memoryLayers     DETR encoder layers run over the memory cells first; default 0
 * @param refineMap        whether every decoder layer scores the cells again; needs the map
 */
@JsonDeserialize(builder = DetrDecoderConfig.Builder.class)
public record DetrDecoderConfig(
        int queryInputDim, int numQueries, List<String> featureLevels, List<Integer> featureDims,
        int dModel, int layers, int heads, int ffnDim, double dropout, double l1Weight, double giouWeight,
        boolean positionInValues, double alignWeight, boolean boxesFromMap, int memoryLayers, boolean refineMap) {

    public DetrDecoderConfig {
        featureLevels = List.copyOf(featureLevels);
        featureDims = List.copyOf(featureDims);
        if (featureLevels.size() != featureDims.size() || featureLevels.isEmpty()) {
            throw new IllegalArgumentException("featureLevels and featureDims must be non-empty and of equal length, got "
                    + featureLevels + " and " + featureDims);
        }
        if (queryInputDim <= 0 || numQueries <= 0 || dModel <= 0 || layers <= 0 || heads <= 0 || ffnDim <= 0) {
            throw new IllegalArgumentException("sizes must be positive: queryInputDim " + queryInputDim
                    + ", numQueries " + numQueries + ", dModel " + dModel + ", layers " + layers + ", heads " + heads
                    + ", ffnDim " + ffnDim);
        }
        for (int dim : featureDims) {
            if (dim <= 0) {
                throw new IllegalArgumentException("feature channels must be positive, got " + featureDims);
            }
        }
        if (dModel % heads != 0) {
            throw new IllegalArgumentException("dModel " + dModel + " is not divisible by heads " + heads);
        }
        // The sine encoding gives each axis dModel/2 channels as interleaved (sin, cos) pairs.
        if (dModel % 4 != 0) {
            throw new IllegalArgumentException("dModel " + dModel + " must be a multiple of 4 for the 2-D sine encoding");
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
        }
        if (!(l1Weight >= 0 && giouWeight >= 0 && alignWeight >= 0)) {
            throw new IllegalArgumentException("loss weights must be non-negative, got l1 " + l1Weight + ", giou "
                    + giouWeight + ", align " + alignWeight);
        }
        if (boxesFromMap && alignWeight <= 0) {
            throw new IllegalArgumentException("boxesFromMap needs the grounding map: set alignWeight above 0");
        }
        if (refineMap && alignWeight <= 0) {
            throw new IllegalArgumentException("refineMap needs the grounding map: set alignWeight above 0");
        }
        if (memoryLayers < 0) {
            throw new IllegalArgumentException("memoryLayers must be 0 or more, got " + memoryLayers);
        }
    }

    /** REF-VLM's box decoder: pyramid [C0, C1, C2, ViT] at 128x128, 6 layers of width 256, 100 queries. */
    public static DetrDecoderConfig reference() {
        return builder().build();
    }

    /** A builder starting from {@link #reference()}'s values. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this config's values. */
    public Builder toBuilder() {
        return new Builder().queryInputDim(queryInputDim).numQueries(numQueries).featureLevels(featureLevels)
                .featureDims(featureDims).dModel(dModel).layers(layers).heads(heads).ffnDim(ffnDim).dropout(dropout)
                .l1Weight(l1Weight).giouWeight(giouWeight).positionInValues(positionInValues).alignWeight(alignWeight)
                .boxesFromMap(boxesFromMap).memoryLayers(memoryLayers).refineMap(refineMap);
    }

    /** Whether queries score memory cells and those scores guide cross-attention ({@link #alignWeight} above 0). */
    public boolean grounded() {
        return alignWeight > 0;
    }

    /** Sum of the channels of the concatenated pyramid levels: the width of the memory projection's input. */
    public int memoryInputDim() {
        int sum = 0;
        for (int dim : featureDims) {
            sum += dim;
        }
        return sum;
    }

    /** Named fields with REF-VLM's values as defaults; also what reads {@code config.json}. */
    @JsonPOJOBuilder(withPrefix = "")
    public static final class Builder {
        private int queryInputDim = 4096;
        private int numQueries = 100;
        private List<String> featureLevels = List.of("stride4", "stride8", "stride16", "vit");
        private List<Integer> featureDims = List.of(192, 384, 768, 1024);
        private int dModel = 256;
        private int layers = 6;
        private int heads = 8;
        private int ffnDim = 2048;
        private double dropout = 0.1;
        private double l1Weight = 5.0;
        private double giouWeight = 2.0;
        private boolean positionInValues;
        private double alignWeight;
        private boolean boxesFromMap;
        private int memoryLayers;
        private boolean refineMap;

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

        public Builder featureLevels(List<String> v) {
            featureLevels = v;
            return this;
        }

        public Builder featureDims(List<Integer> v) {
            featureDims = v;
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

        public Builder l1Weight(double v) {
            l1Weight = v;
            return this;
        }

        public Builder giouWeight(double v) {
            giouWeight = v;
            return this;
        }

        public Builder positionInValues(boolean v) {
            positionInValues = v;
            return this;
        }

        public Builder alignWeight(double v) {
            alignWeight = v;
            return this;
        }

        public Builder boxesFromMap(boolean v) {
            boxesFromMap = v;
            return this;
        }

        public Builder memoryLayers(int v) {
            memoryLayers = v;
            return this;
        }

        public Builder refineMap(boolean v) {
            refineMap = v;
            return this;
        }

        /** @throws IllegalArgumentException naming what is inconsistent */
        public DetrDecoderConfig build() {
            return new DetrDecoderConfig(queryInputDim, numQueries, featureLevels, featureDims, dModel, layers, heads,
                    ffnDim, dropout, l1Weight, giouWeight, positionInValues, alignWeight, boxesFromMap, memoryLayers,
                    refineMap);
        }
    }
}
