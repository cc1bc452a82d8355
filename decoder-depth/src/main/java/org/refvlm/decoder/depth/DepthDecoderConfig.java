package org.refvlm.decoder.depth;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonPOJOBuilder;
import java.util.List;

/**
 * Sizes and loss options of the depth decoder (kind {@value DepthDecoder#KIND}): a FiLM-conditioned
 * FPN head that turns each {@code <REF>} embedding and the feature pyramid into a dense depth map of
 * the whole image. The reference implementation has no working depth path (its depth decoder is a
 * copy of the mask decoder), so this is the platform's own design; the builder's defaults are sized
 * for REF-VLM's models ({@code <REF>} width 4096, CLIP ConvNeXt-L's pyramid), as the other decoders'
 * are. A decoder folder's {@code config.json} and a recipe's decoder {@code "config"} are this record
 * as JSON; fields they leave out take the builder's defaults, unknown fields are rejected by name.
 *
 * @param queryInputDim width of the {@code <REF>} embeddings; default 4096
 * @param numQueries    query length L the router pads to; default 30
 * @param featureLevels pyramid levels the head reads, finest first; the depth map comes out at the
 *                      finest one's resolution; default stride4, stride8, stride16, stride32
 * @param featureDims   their channels; default 192, 384, 768, 1536 (CLIP ConvNeXt-L)
 * @param dModel        width of the FPN head; default 128
 * @param normGroups    GroupNorm groups in the head; default 32
 * @param minDepth      smallest true depth (metres) the loss trusts; default 0.001, as Depth-Anything-V2
 * @param maxDepth      largest depth the head can predict and the loss trusts (metres); default 80
 * @param silogLambda   variance weight of the scale-invariant log loss: 0 is plain log-L2, 1 is fully
 *                      scale invariant; default 0.85, as AdaBins and BTS
 * @param silogScale    factor of the loss, AdaBins' and BTS' 10 by default: it puts the loss on the
 *                      scale of a language-model loss when both are trained together
 * @param refineSide    0 (the default): the map comes out at the finest level's grid; otherwise the
 *                      side of the padded square at which a guided refinement reads the picture and
 *                      gives the map (the decoder then asks the platform for the image)
 * @param refineDim     channels of the refinement's features; default 16
 */
@JsonDeserialize(builder = DepthDecoderConfig.Builder.class)
public record DepthDecoderConfig(
        int queryInputDim, int numQueries, List<String> featureLevels, List<Integer> featureDims, int dModel,
        int normGroups, double minDepth, double maxDepth, double silogLambda, double silogScale, int refineSide,
        int refineDim) {

    public DepthDecoderConfig {
        featureLevels = List.copyOf(featureLevels);
        featureDims = List.copyOf(featureDims);
        if (featureLevels.isEmpty() || featureLevels.size() != featureDims.size()) {
            throw new IllegalArgumentException("featureLevels and featureDims must be non-empty and of equal length, got "
                    + featureLevels + " and " + featureDims);
        }
        if (featureLevels.stream().distinct().count() != featureLevels.size()) {
            throw new IllegalArgumentException("featureLevels must be distinct, got " + featureLevels);
        }
        if (queryInputDim <= 0 || numQueries <= 0 || dModel <= 0 || normGroups <= 0
                || featureDims.stream().anyMatch(c -> c <= 0)) {
            throw new IllegalArgumentException("sizes must be positive: queryInputDim " + queryInputDim + ", numQueries "
                    + numQueries + ", featureDims " + featureDims + ", dModel " + dModel + ", normGroups " + normGroups);
        }
        if (dModel % normGroups != 0) {
            throw new IllegalArgumentException("dModel " + dModel + " is not divisible by normGroups " + normGroups);
        }
        if (!(minDepth > 0) || !(maxDepth > minDepth) || Double.isInfinite(maxDepth)) {
            throw new IllegalArgumentException("depths must satisfy 0 < minDepth < maxDepth < infinity, got minDepth "
                    + minDepth + " and maxDepth " + maxDepth);
        }
        if (!(silogLambda >= 0 && silogLambda <= 1)) {
            throw new IllegalArgumentException("silogLambda must be in [0, 1], got " + silogLambda);
        }
        if (!(silogScale > 0) || Double.isInfinite(silogScale)) {
            throw new IllegalArgumentException("silogScale must be positive and finite, got " + silogScale);
        }
        if (refineSide < 0 || refineDim <= 0) {
            throw new IllegalArgumentException("refineSide must be 0 (no refinement) or positive and refineDim positive, "
                    + "got " + refineSide + " and " + refineDim);
        }
    }

    /** The builder's defaults: REF-VLM-sized (width 4096, ConvNeXt-L pyramid). */
    public static DepthDecoderConfig reference() {
        return builder().build();
    }

    /** A builder starting from {@link #reference()}'s values. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this config's values. */
    public Builder toBuilder() {
        return new Builder().queryInputDim(queryInputDim).numQueries(numQueries).featureLevels(featureLevels)
                .featureDims(featureDims).dModel(dModel).normGroups(normGroups).minDepth(minDepth).maxDepth(maxDepth)
                .silogLambda(silogLambda).silogScale(silogScale).refineSide(refineSide).refineDim(refineDim);
    }

    /** Named fields with the defaults; also what reads {@code config.json}. */
    @JsonPOJOBuilder(withPrefix = "")
    public static final class Builder {
        private int queryInputDim = 4096;
        private int numQueries = 30;
        private List<String> featureLevels = List.of("stride4", "stride8", "stride16", "stride32");
        private List<Integer> featureDims = List.of(192, 384, 768, 1536);
        private int dModel = 128;
        private int normGroups = 32;
        private double minDepth = 0.001;
        private double maxDepth = 80.0;
        private double silogLambda = 0.85;
        private double silogScale = 10.0;
        private int refineSide = 0;
        private int refineDim = 16;

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

        public Builder normGroups(int v) {
            normGroups = v;
            return this;
        }

        public Builder minDepth(double v) {
            minDepth = v;
            return this;
        }

        public Builder maxDepth(double v) {
            maxDepth = v;
            return this;
        }

        public Builder silogLambda(double v) {
            silogLambda = v;
            return this;
        }

        public Builder silogScale(double v) {
            silogScale = v;
            return this;
        }

        public Builder refineSide(int v) {
            refineSide = v;
            return this;
        }

        public Builder refineDim(int v) {
            refineDim = v;
            return this;
        }

        /** @throws IllegalArgumentException naming what is inconsistent */
        public DepthDecoderConfig build() {
            return new DepthDecoderConfig(queryInputDim, numQueries, featureLevels, featureDims, dModel, normGroups,
                    minDepth, maxDepth, silogLambda, silogScale, refineSide, refineDim);
        }
    }
}
